import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../tests/support/databases.js';
import { type Agent, signedInUser } from '../../../../tests/support/factories.js';
import { createPagedService } from '../../../../tests/support/oncall-service.js';
import { openPageOn, type PageDetail, readPage } from '../../../../tests/support/page-api.js';
import { useTestApp } from '../../../../tests/support/test-app.js';
import { notifications } from '../../db/schema/index.js';
import { MINUTE } from '../../lib/clock.js';

/** Pages raced against their escalation step, and pages where two transitions race each other. */
const ROUNDS = 50;
const PAIR_ROUNDS = 25;
const BATCH = 5;

/*
 * Acknowledge, resolve and the escalation step racing, round after round: whichever takes the page lock first
 * wins, and the other sees what it did. Page events are written under that lock, so their id order is the order
 * things really happened in, and a notification is never written after the acknowledgement or resolve.
 */
describeEachDatabase('page races', (kind) => {
  const t = useTestApp(kind);
  let admin: Agent;
  let ana: Agent;
  let ben: Agent;
  let serviceId: string;

  beforeAll(async () => {
    t.clock.set('2027-02-01T01:00:00Z');
    admin = await signedInUser(t, { role: 'admin', name: 'Ada Admin' });
    ana = await signedInUser(t, { role: 'oncall_engineer', name: 'Ana First' });
    ben = await signedInUser(t, { role: 'oncall_engineer', name: 'Ben Second' });
    ({ serviceId } = await createPagedService(admin, [ana], { second: [ben], delayMinutes: 1 }));
    // No acknowledgement timeout: pages of earlier rounds stay quiet instead of triggering again.
    const settings = await admin.request({ method: 'GET', url: '/api/v1/oncall-settings' });
    const quiet = await admin.request({
      method: 'PUT',
      url: '/api/v1/oncall-settings',
      payload: { ...(settings.json() as object), ackTimeoutMinutes: 0 },
    });
    expect(quiet.statusCode).toBe(200);
  });

  /** Opens BATCH pages at a time (Ana notified at level 1) and hands each batch to `run`: `rounds` pages in all. */
  async function inBatches<T>(
    rounds: number,
    title: string,
    run: (opened: PageDetail[], batch: number) => Promise<T[]>,
  ) {
    const results: T[] = [];
    for (let batch = 0; batch < rounds / BATCH; batch++) {
      const opened = await Promise.all(
        Array.from({ length: BATCH }, (_, i) => openPageOn(admin, serviceId, `${title} ${batch}.${i}`)),
      );
      results.push(...(await run(opened, batch)));
    }
    return results;
  }

  const act = (who: Agent, pageId: string, transition: 'acknowledge' | 'resolve') =>
    who.request({ method: 'POST', url: `/api/v1/pages/${pageId}/${transition}` });

  /** The page's timeline as event types in id order, and how many notifications exist for it. */
  async function record(pageId: string) {
    const page = await readPage(admin, pageId);
    const rows = await t.ctx.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(eq(notifications.pageId, pageId));
    const types = page.timeline.map((e) => e.type);
    return {
      status: page.status,
      types,
      notified: types.filter((e) => e === 'notified').length,
      rows: rows.length,
    };
  }

  const LEVEL_1 = ['triggered', 'escalated', 'notified'];
  const LEVEL_2 = [...LEVEL_1, 'escalated', 'notified'];

  /**
   * Rounds in batches: opens pages (Ana notified at level 1), moves the clock to their steps' due time, and runs
   * `transition` on each page together with the worker, which takes the steps five at a time. Afterwards every
   * page must have stopped: another minute and whatever jobs are left change nothing.
   */
  async function raceWithStep(transition: 'acknowledge' | 'resolve') {
    const raced = await inBatches(ROUNDS, transition, async (opened, batch) => {
      await t.worker.runDue(); // the level 1 mails: only the steps are due when the clock moves
      t.clock.advance(MINUTE);
      // The requests start 0 to 12 ms apart, staggered differently in every batch, the worker at 6 ms: some
      // requests reach the page lock before its step, some after (measured: 20 to 32 of 50 first).
      const worker = sleep(6).then(() => t.worker.runDue());
      const answers = await Promise.all(
        opened.map((page, i) => sleep(((i + batch) % BATCH) * 3).then(() => act(ana, page.id, transition))),
      );
      await worker;
      expect(answers.map((a) => a.statusCode)).toEqual(opened.map(() => 200));
      return Promise.all(opened.map(async (page) => ({ pageId: page.id, ...(await record(page.id)) })));
    });
    t.clock.advance(MINUTE);
    await t.worker.runDue();
    for (const outcome of raced)
      expect({ pageId: outcome.pageId, ...(await record(outcome.pageId)) }).toEqual(outcome);
    return raced;
  }

  it.each([
    ['acknowledge', 'acknowledged'],
    ['resolve', 'resolved'],
  ] as const)(
    `never notifies after %s racing the due escalation step (${ROUNDS} rounds)`,
    async (transition, event) => {
      for (const outcome of await raceWithStep(transition)) {
        // Acknowledged (or resolved) at level 1, the step then doing nothing; or at level 2, just after the step.
        expect([
          [...LEVEL_1, event],
          [...LEVEL_2, event],
        ]).toContainEqual(outcome.types);
        expect(outcome.types.lastIndexOf('notified')).toBeLessThan(outcome.types.indexOf(event));
        expect([outcome.status, outcome.rows]).toEqual([event, outcome.notified]);
      }
    },
  );

  it(`lets acknowledge and resolve racing each other end resolved, never with a 500 (${PAIR_ROUNDS} rounds)`, async () => {
    const rounds = await inBatches(PAIR_ROUNDS, 'Ack or resolve', (opened) =>
      Promise.all(
        opened.map(async ({ id }) => {
          const [acked, resolved] = await Promise.all([act(ana, id, 'acknowledge'), act(ben, id, 'resolve')]);
          return { answers: [acked.statusCode, resolved.statusCode], ...(await record(id)) };
        }),
      ),
    );
    for (const { answers, types, status, rows } of rounds) {
      // Acknowledged first, then resolved; or resolved first, and the acknowledgement refused.
      expect([
        [
          [200, 200],
          [...LEVEL_1, 'acknowledged', 'resolved'],
        ],
        [
          [409, 200],
          [...LEVEL_1, 'resolved'],
        ],
      ]).toContainEqual([answers, types]);
      expect([status, rows]).toEqual(['resolved', 1]);
    }
  });

  it(`lets exactly one of two racing resolves win, the other a 409 (${PAIR_ROUNDS} rounds)`, async () => {
    const rounds = await inBatches(PAIR_ROUNDS, 'Double resolve', (opened) =>
      Promise.all(
        opened.map(async ({ id }) => {
          const answers = await Promise.all([act(ana, id, 'resolve'), act(ben, id, 'resolve')]);
          return { answers: answers.map((a) => a.statusCode).sort(), types: (await record(id)).types };
        }),
      ),
    );
    for (const round of rounds)
      expect(round).toEqual({ answers: [200, 409], types: [...LEVEL_1, 'resolved'] });
  });
});
