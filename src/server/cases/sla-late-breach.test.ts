import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { useCaseDesk } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { signIn } from '../../../tests/support/factories.js';
import { caseEvents, cases } from '../db/schema/index.js';
import { slaAlertJob } from './sla-jobs.js';

/**
 * A resolution breach timer that runs late, after its due time (Thursday 08:00Z for a case filed Monday 10:00
 * Berlin), once the case went on: it alerts a case still open, but not one resolved or waiting on the partner
 * meanwhile, though both ran past their due time before they stopped.
 */
describeEachDatabase('SLA resolution breach run late', (kind) => {
  const desk = useCaseDesk(kind);
  const { t } = desk;
  const LATE = '2026-06-18T09:00:00Z';

  const fileAndMove = async (statuses: string[]) => {
    t.clock.set('2026-06-15T08:00:00Z');
    const filed = await desk.file();
    t.clock.set(LATE);
    const agent = await signIn(t, desk.agent.user.email); // the Monday session timed out
    for (const status of statuses) {
      const moved = await agent.request({
        method: 'PATCH',
        url: `${desk.base}/${filed.id}`,
        payload: { status },
      });
      expect(moved.statusCode, status).toBe(200);
    }
    return filed.id;
  };
  const runBreach = (caseId: string) =>
    slaAlertJob(t.ctx).handle(
      { caseId, kind: 'breach', target: 'resolution' },
      { jobId: 0, attempt: 1, db: t.ctx.db, clock: t.clock },
    );
  const breachesOf = async (caseId: string) => {
    const events = await t.ctx.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId));
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, caseId));
    return {
      alerts: events.filter((e) => e.type === 'sla_breach').map((e) => e.data),
      status: row?.status,
    };
  };

  it('records the breach of a case still open', async () => {
    const open = await fileAndMove([]);
    await runBreach(open);
    expect(await breachesOf(open)).toEqual({
      alerts: [{ target: 'resolution', dueAt: '2026-06-18T08:00:00.000Z' }],
      status: 'open',
    });
  });

  it('raises no alert for a case resolved after its due time', async () => {
    const resolved = await fileAndMove(['in_progress', 'resolved']);
    await runBreach(resolved);
    expect(await breachesOf(resolved)).toEqual({ alerts: [], status: 'resolved' });
  });

  it('raises no alert for a case waiting on the partner since after its due time', async () => {
    const waiting = await fileAndMove(['in_progress', 'waiting_on_partner']);
    await runBreach(waiting);
    expect(await breachesOf(waiting)).toEqual({ alerts: [], status: 'waiting_on_partner' });
  });
});
