import { and, eq, like } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { useCaseDesk } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { caseEvents, cases, jobs, slaPolicies } from '../db/schema/index.js';
import { slaAlertJob } from './sla-jobs.js';

/**
 * The policy service keeps a default policy, but the case services do not count on it: a case no policy matches
 * has no SLA, no due time in the queue and no timers, and an alert left over from before fires nothing.
 */
describeEachDatabase('cases without an SLA policy', (kind) => {
  const desk = useCaseDesk(kind);
  const { t } = desk;
  const timersOf = async (caseId: string) =>
    t.ctx.db
      .select({ key: jobs.singletonKey })
      .from(jobs)
      .where(and(like(jobs.singletonKey, `sla:%:${caseId}`), eq(jobs.status, 'queued')));
  const rowOf = async (id: string) => (await t.ctx.db.select().from(cases).where(eq(cases.id, id)))[0];

  it('drops the policy, the due time and every timer when no policy matches any more', async () => {
    t.clock.set('2026-06-15T08:00:00Z');
    const before = await desk.file();
    expect(await timersOf(before.id)).toHaveLength(4);
    await t.ctx.db.delete(slaPolicies);

    await desk.reply(desk.member, before.id, 'Still broken');
    expect(await timersOf(before.id)).toEqual([]);
    expect([(await rowOf(before.id))?.slaPolicyId, (await rowOf(before.id))?.nextSlaDueAt]).toEqual([
      null,
      null,
    ]);

    const after = await desk.file();
    expect(await timersOf(after.id)).toEqual([]);
    expect(after.sla).toMatchObject({ policyId: null, nextDueAt: null, firstResponseDueAt: null });

    t.clock.set('2026-06-15T09:00:00Z');
    await slaAlertJob(t.ctx).handle(
      { caseId: before.id, kind: 'breach', target: 'first_response' },
      { jobId: 0, attempt: 1, db: t.ctx.db, clock: t.clock },
    );
    const alerts = await t.ctx.db.select().from(caseEvents).where(eq(caseEvents.type, 'sla_breach'));
    expect(alerts).toEqual([]);
    expect((await rowOf(before.id))?.firstResponseBreached).toBe(false);
  });
});
