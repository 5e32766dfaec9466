import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, signedInUser } from '../../../tests/support/factories.js';
import { createPagedService } from '../../../tests/support/oncall-service.js';
import { openPageOn, readPage } from '../../../tests/support/page-api.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { MINUTE } from '../lib/clock.js';

/** The page list (newest first, by status, a page at a time) and a page's timeline with who did what. */
describeEachDatabase('reading pages', (kind) => {
  const t = useTestApp(kind);
  let admin: Agent;
  let ana: Agent;
  const numbers = { triggered: 0, acknowledged: 0, resolved: 0 };
  let acknowledgedId = '';

  beforeAll(async () => {
    t.clock.set('2027-05-03T09:00:00Z');
    admin = await signedInUser(t, { role: 'admin', name: 'Ada Admin' });
    ana = await signedInUser(t, { role: 'oncall_engineer', name: 'Ana Engineer' });
    const { serviceId } = await createPagedService(admin, [ana], { name: 'Catalog API' });
    for (const status of ['resolved', 'acknowledged', 'triggered'] as const) {
      const page = await openPageOn(admin, serviceId, `A ${status} page`);
      numbers[status] = page.number;
      if (status === 'triggered') continue;
      if (status === 'acknowledged') acknowledgedId = page.id;
      const moved = await ana.request({
        method: 'POST',
        url: `/api/v1/pages/${page.id}/${status.slice(0, -1)}`,
      });
      expect(moved.statusCode).toBe(200);
      t.clock.advance(MINUTE);
    }
  });

  const list = async (query = '') => {
    const response = await admin.request({ method: 'GET', url: `/api/v1/pages${query}` });
    expect(response.statusCode, query).toBe(200);
    return response.json() as { number: number; status: string; service: { name: string } | null }[];
  };
  const numbersOf = async (query = '') => (await list(query)).map((p) => p.number);

  it('lists pages newest first with their service, filtered by status and paged by number', async () => {
    const { triggered, acknowledged, resolved } = numbers;
    const all = await list();
    expect(all.map((p) => [p.number, p.status, p.service?.name])).toEqual([
      [triggered, 'triggered', 'Catalog API'],
      [acknowledged, 'acknowledged', 'Catalog API'],
      [resolved, 'resolved', 'Catalog API'],
    ]);
    expect(await numbersOf('?status=resolved')).toEqual([resolved]);
    expect(await numbersOf('?status=triggered,acknowledged')).toEqual([triggered, acknowledged]);
    expect(await numbersOf(`?before=${triggered}`)).toEqual([acknowledged, resolved]);
    expect(await numbersOf('?limit=1')).toEqual([triggered]);
    const refused = await admin.request({ method: 'GET', url: '/api/v1/pages?status=sleeping' });
    expect([refused.statusCode, refused.json().error.field]).toEqual([400, 'status']);
  });

  it("shows on the timeline who acted and whom each notification went to, with the notification's delivery", async () => {
    const page = await readPage(admin, acknowledgedId);
    const acked = page.timeline.find((e) => e.type === 'acknowledged');
    expect([acked?.actor, acked?.detail]).toEqual([
      { id: ana.user.id, name: 'Ana Engineer' },
      { via: 'web' },
    ]);
    const notified = page.timeline.find((e) => e.type === 'notified');
    expect(notified).toMatchObject({
      user: { id: ana.user.id, name: 'Ana Engineer' },
      channel: 'email',
      delivery: { status: expect.any(String), attempts: expect.any(Number) },
    });
    const escalated = page.timeline.find((e) => e.type === 'escalated');
    expect([escalated?.actor, escalated?.user, escalated?.channel, escalated?.delivery]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('answers 404 for a page id that is unknown or not an id at all', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000009', 'not-a-page']) {
      const response = await admin.request({ method: 'GET', url: `/api/v1/pages/${id}` });
      expect([id, response.statusCode, response.json().error.message]).toEqual([id, 404, 'page not found']);
    }
  });
});
