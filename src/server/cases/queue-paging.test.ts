import { beforeAll, expect, it } from 'vitest';
import { useCaseDesk } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { MINUTE } from '../lib/clock.js';

/** The staff queue's three orders, each paged by cursor without repeats or gaps, ties broken by id. */
describeEachDatabase('staff queue order and paging', (kind) => {
  const desk = useCaseDesk(kind);
  const { t } = desk;
  /** Filed a minute apart except `twin`, filed with `second`; `done` was resolved (no SLA instant left). */
  const ids = { first: '', second: '', twin: '', third: '', done: '', doneToo: '' };

  beforeAll(async () => {
    const file = async () => (await desk.file()).id;
    const resolve = async (id: string) => {
      for (const status of ['in_progress', 'resolved']) await desk.patch(id, { status });
    };
    ids.done = await file();
    ids.doneToo = await file();
    await resolve(ids.done);
    await resolve(ids.doneToo);
    t.clock.advance(MINUTE);
    ids.first = await file();
    t.clock.advance(MINUTE);
    ids.second = await file();
    ids.twin = await file();
    t.clock.advance(MINUTE);
    ids.third = await file();
    t.clock.advance(MINUTE);
    // Touching the first case makes it the most recently updated.
    await desk.patch(ids.first, { priority: 'high' });
  });

  const page = (query: string) =>
    desk.agent.request({ method: 'GET', url: `/api/v1/cases?partnerId=${desk.partnerId}&${query}` });
  const walk = async (sort: string) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await page(`sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode).toBe(200);
      const body: { items: { id: string }[]; nextCursor: string | null } = response.json();
      seen.push(...body.items.map((c) => c.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    return seen;
  };
  const byId = (a: string, b: string) => (a < b ? -1 : 1);

  it('orders by next SLA instant, soonest first, resolved cases (none) last, ties by ascending id', async () => {
    const twins = [ids.second, ids.twin].sort(byId);
    const done = [ids.done, ids.doneToo].sort(byId);
    const expected = [ids.first, ...twins, ids.third, ...done];
    expect((await page('limit=10')).json().items.map((c: { id: string }) => c.id)).toEqual(expected);
    expect(await walk('sla_due')).toEqual(expected);
  });

  it('orders by filing time or last change, newest first, ties by descending id', async () => {
    const twins = [ids.second, ids.twin].sort(byId).reverse();
    const done = [ids.done, ids.doneToo].sort(byId).reverse();
    const created = [ids.third, ...twins, ids.first, ...done];
    expect(await walk('created')).toEqual(created);
    expect(await walk('updated')).toEqual([ids.first, ids.third, ...twins, ...done]);
  });

  it("pages the partner's own list by filing time, even past a case changed later", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const response = await desk.member.request({ method: 'GET', url: `${desk.base}?limit=1${query}` });
      seen.push(...response.json().items.map((c: { id: string }) => c.id));
      cursor = response.json().nextCursor;
    } while (cursor && seen.length < 10);
    const twins = [ids.second, ids.twin].sort(byId).reverse();
    const done = [ids.done, ids.doneToo].sort(byId).reverse();
    expect(seen).toEqual([ids.third, ...twins, ids.first, ...done]);
  });

  it('gives no cursor on the last page', async () => {
    const all = (await page('limit=6')).json();
    expect([all.items.length, all.nextCursor]).toEqual([6, null]);
    const short = (await page('limit=5')).json();
    expect(short.items.length).toBe(5);
    expect(typeof short.nextCursor).toBe('string');
  });

  it('refuses cursors it did not give out, naming the field', async () => {
    const cursor = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    const uuid = ids.first;
    const bad: [string, string][] = [
      ['sort=created', cursor([null, uuid])],
      ['sort=updated', cursor([null, uuid])],
      ['sort=sla_due', cursor(['yesterday', uuid])],
      ['sort=created', cursor([42, uuid])],
      ['sort=created', cursor(['2026-06-15T08:00:00.000Z', 'not-an-id'])],
      ['sort=sla_due', cursor(['2026-06-15T08:00:00.000Z', null])],
      ['sort=created', cursor(['2026-06-15T08:00:00.000Z'])],
      ['sort=created', cursor(['2026-06-15T08:00:00.000Z', uuid, 'extra'])],
      ['sort=created', cursor([{}, uuid])],
      ['sort=created', 'not*base64'],
    ];
    for (const [query, value] of bad) {
      const response = await page(`${query}&cursor=${value}`);
      expect(response.statusCode, `${query} ${value}`).toBe(400);
      expect(response.json().error).toMatchObject({
        field: 'cursor',
        reason: 'invalid_format',
        message: 'cursor: is not a cursor this list gave out',
      });
    }
    const fine = await page(`sort=created&cursor=${cursor(['2026-06-15T08:02:00.000Z', uuid])}`);
    expect(fine.statusCode).toBe(200);
  });
});
