import { and, eq, like } from 'drizzle-orm';
import pino from 'pino';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../tests/support/databases.js';
import { type Agent, signedInUser } from '../../../../tests/support/factories.js';
import { createPagedService } from '../../../../tests/support/oncall-service.js';
import { openPageOn, readPage } from '../../../../tests/support/page-api.js';
import { useTestApp } from '../../../../tests/support/test-app.js';
import { jobs } from '../../db/schema/index.js';
import { allJobs } from '../../jobs.js';
import { MINUTE } from '../../lib/clock.js';
import { createJobWorker } from '../../lib/job-worker.js';

/*
 * An acknowledgement renewed (or a snooze set) while the previous acknowledgement's timeout job is running, as on
 * another instance that has just claimed it: the running job finds another run id and does nothing, so the new
 * acknowledgement must have its own timer, or the page would stay acknowledged forever.
 */
describeEachDatabase('acknowledgement timeout while its job runs', (kind) => {
  const t = useTestApp(kind);
  let admin: Agent;
  let ana: Agent;
  let serviceId: string;

  beforeAll(async () => {
    t.clock.set('2027-06-07T01:00:00Z');
    admin = await signedInUser(t, { role: 'admin', name: 'Ada Admin' });
    ana = await signedInUser(t, { role: 'oncall_engineer', name: 'Ana Engineer' });
    ({ serviceId } = await createPagedService(admin, [ana], { delayMinutes: 60 }));
  });

  /** A worker whose acknowledgement timeouts wait at a gate once claimed: the job is `running` meanwhile. */
  function gatedWorker() {
    let open = () => {};
    let claimed = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const held = new Promise<void>((resolve) => {
      claimed = resolve;
    });
    const definitions = allJobs(t.ctx).map((job) =>
      job.name === 'pages.ack-timeout'
        ? {
            ...job,
            handle: async (...args: Parameters<typeof job.handle>) => {
              claimed();
              await gate;
              await job.handle(...args);
            },
          }
        : job,
    );
    const worker = createJobWorker({
      db: t.ctx.db,
      clock: t.clock,
      logger: pino({ level: 'silent' }),
      definitions,
    });
    return { worker, held, open };
  }

  const timers = (pageId: string) =>
    t.ctx.db
      .select({ runAt: jobs.runAt })
      .from(jobs)
      .where(
        and(
          eq(jobs.name, 'pages.ack-timeout'),
          eq(jobs.status, 'queued'),
          like(jobs.singletonKey, `page:${pageId}:%`),
        ),
      );

  it.each([
    ['acknowledge', {}, 30],
    ['snooze', { minutes: 60 }, 60],
  ] as const)(
    'keeps a timer for a %s made while the old timeout job runs',
    async (action, payload, minutes) => {
      const page = await openPageOn(admin, serviceId, `Renewed ${action}`);
      await t.worker.runDue();
      const acked = await ana.request({ method: 'POST', url: `/api/v1/pages/${page.id}/acknowledge` });
      expect(acked.statusCode).toBe(200);

      t.clock.advance(30 * MINUTE);
      const { worker, held, open } = gatedWorker();
      const running = worker.runDue();
      await held;
      const renewed = await ana.request({
        method: 'POST',
        url: `/api/v1/pages/${page.id}/${action}`,
        payload,
      });
      expect(renewed.statusCode).toBe(200);
      const renewedAt = t.clock.now().getTime();
      open();
      await running;

      expect((await readPage(ana, page.id)).status).toBe('acknowledged');
      expect((await timers(page.id)).map((timer) => timer.runAt.getTime() - renewedAt)).toEqual([
        minutes * MINUTE,
      ]);
      t.clock.advance(minutes * MINUTE);
      await t.worker.runDue();
      const after = await readPage(ana, page.id);
      expect([after.status, after.timeline.filter((e) => e.type === 'notified').length]).toEqual([
        'triggered',
        2,
      ]);
      await ana.request({ method: 'POST', url: `/api/v1/pages/${page.id}/resolve` });
    },
  );
});
