import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { useCaseDesk } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { caseEvents, cases, notifications } from '../db/schema/index.js';
import { type SlaAlertKind, slaAlertJob } from './sla-jobs.js';

/**
 * One SLA alert run, as the job worker makes it (or repeats it after a crash): it fires at its instant and not
 * before, once per kind and target, only while its target is pending, and a warning never once its breach is due.
 * Filed Monday 10:00 Berlin under the default policy: first response warned 08:45Z, due 09:00Z; resolution warned
 * Thursday 07:45Z, due Thursday 08:00Z.
 */
describeEachDatabase('SLA alert runs', (kind) => {
  const desk = useCaseDesk(kind);
  const { t, patch } = desk;
  const file = () => {
    t.clock.set('2026-06-15T08:00:00Z');
    return desk.file();
  };
  const run = (at: string, caseId: string, kind: SlaAlertKind, target: 'first_response' | 'resolution') => {
    t.clock.set(at);
    return slaAlertJob(t.ctx).handle(
      { caseId, kind, target },
      { jobId: 0, attempt: 1, db: t.ctx.db, clock: t.clock },
    );
  };
  const alertsOf = async (caseId: string) =>
    (await t.ctx.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(caseEvents.id))
      .filter((e) => e.type === 'sla_warning' || e.type === 'sla_breach')
      .map((e) => [e.type, e.data, e.internal, e.actorName]);
  const breachedOf = async (caseId: string) => {
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, caseId));
    return [row?.firstResponseBreached, row?.resolutionBreached];
  };

  it('warns at the warning instant, not a second before, naming the due time', async () => {
    const filed = await file();
    await run('2026-06-15T08:44:59Z', filed.id, 'warning', 'first_response');
    expect(await alertsOf(filed.id)).toEqual([]);
    await run('2026-06-15T08:45:00Z', filed.id, 'warning', 'first_response');
    expect(await alertsOf(filed.id)).toEqual([
      ['sla_warning', { target: 'first_response', dueAt: '2026-06-15T09:00:00.000Z' }, true, 'system'],
    ]);
    expect(await breachedOf(filed.id)).toEqual([false, false]);
  });

  it('records a breach at the due time, not a second before, marks its target alone and tells staff', async () => {
    const filed = await file();
    await run('2026-06-15T08:59:59Z', filed.id, 'breach', 'first_response');
    expect(await alertsOf(filed.id)).toEqual([]);
    await run('2026-06-15T09:00:00Z', filed.id, 'breach', 'first_response');
    expect(await alertsOf(filed.id)).toEqual([
      ['sla_breach', { target: 'first_response', dueAt: '2026-06-15T09:00:00.000Z' }, true, 'system'],
    ]);
    expect(await breachedOf(filed.id)).toEqual([true, false]);
    const mail = await t.ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.recipient, desk.agent.user.email));
    expect(mail.filter((m) => m.template === 'case_sla_breach').map((m) => m.subject)).toContain(
      `[#${filed.number}] SLA breached: first response`,
    );
  });

  it('drops a warning that runs once its breach is due: the breach says it all', async () => {
    const filed = await file();
    await run('2026-06-15T09:00:00Z', filed.id, 'warning', 'first_response');
    expect(await alertsOf(filed.id)).toEqual([]);
  });

  it('fires each kind and target once: a repeated run adds nothing, another target still fires', async () => {
    const filed = await file();
    await run('2026-06-15T08:45:00Z', filed.id, 'warning', 'first_response');
    await run('2026-06-15T08:46:00Z', filed.id, 'warning', 'first_response');
    await run('2026-06-18T07:45:00Z', filed.id, 'warning', 'resolution');
    await run('2026-06-18T07:50:00Z', filed.id, 'warning', 'resolution');
    await run('2026-06-18T08:00:00Z', filed.id, 'breach', 'resolution');
    expect((await alertsOf(filed.id)).map(([type, data]) => [type, data])).toEqual([
      ['sla_warning', { target: 'first_response', dueAt: '2026-06-15T09:00:00.000Z' }],
      ['sla_warning', { target: 'resolution', dueAt: '2026-06-18T08:00:00.000Z' }],
      ['sla_breach', { target: 'resolution', dueAt: '2026-06-18T08:00:00.000Z' }],
    ]);
    expect(await breachedOf(filed.id)).toEqual([false, true]);
    const mail = await t.ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.recipient, desk.agent.user.email));
    expect(mail.filter((m) => m.subject.startsWith(`[#${filed.number}]`)).map((m) => m.subject)).toEqual([
      `[#${filed.number}] SLA warning: first response due Jun 15, 2026, 9:00 AM UTC`,
      `[#${filed.number}] SLA warning: resolution due Jun 18, 2026, 8:00 AM UTC`,
      `[#${filed.number}] SLA breached: resolution`,
    ]);
  });

  it('does nothing for a target met, paused or resolved, or a case that is gone', async () => {
    const answered = await file();
    await desk.reply(desk.agent, answered.id, 'On it');
    await run('2026-06-15T09:00:00Z', answered.id, 'breach', 'first_response');
    expect(await alertsOf(answered.id)).toEqual([]);

    const waiting = await file();
    await patch(waiting.id, { status: 'in_progress' });
    await patch(waiting.id, { status: 'waiting_on_partner' });
    await run('2026-06-18T08:00:00Z', waiting.id, 'breach', 'resolution');
    expect(await alertsOf(waiting.id)).toEqual([]);

    const resolved = await file();
    await patch(resolved.id, { status: 'in_progress' });
    await patch(resolved.id, { status: 'resolved' });
    await run('2026-06-15T09:00:00Z', resolved.id, 'breach', 'first_response');
    await run('2026-06-18T08:00:00Z', resolved.id, 'breach', 'resolution');
    expect(await alertsOf(resolved.id)).toEqual([]);

    await expect(
      run('2026-06-18T08:00:00Z', '00000000-0000-4000-8000-000000000000', 'breach', 'resolution'),
    ).resolves.toBeUndefined();
  });

  it('still breaches the first response of a waiting case: only the resolution clock pauses', async () => {
    const filed = await file();
    await patch(filed.id, { status: 'in_progress' });
    await patch(filed.id, { status: 'waiting_on_partner' });
    await run('2026-06-15T09:00:00Z', filed.id, 'breach', 'first_response');
    expect((await alertsOf(filed.id)).map(([type, data]) => [type, data])).toEqual([
      ['sla_breach', { target: 'first_response', dueAt: '2026-06-15T09:00:00.000Z' }],
    ]);
  });
});
