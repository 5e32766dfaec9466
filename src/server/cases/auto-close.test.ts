import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { useCaseDesk } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { caseEvents, cases, jobs, notifications } from '../db/schema/index.js';
import { autoCloseJob } from './auto-close.js';

/**
 * A resolved case closes itself 7 days (the default) after its resolution: one timer per case, cancelled when
 * the case moves on, and a run left over from an earlier resolution changes nothing.
 */
describeEachDatabase('auto-close', (kind) => {
  const desk = useCaseDesk(kind);
  const { t, patch } = desk;
  const resolve = async (id: string) => {
    await patch(id, { status: 'in_progress' });
    await patch(id, { status: 'resolved' });
  };
  const timersOf = async (id: string) =>
    (
      await t.ctx.db
        .select({ runAt: jobs.runAt, payload: jobs.payload })
        .from(jobs)
        .where(and(eq(jobs.singletonKey, `cases:auto-close:${id}`), eq(jobs.status, 'queued')))
    ).map((j) => [j.runAt.toISOString(), j.payload]);
  const rowOf = async (id: string) => (await t.ctx.db.select().from(cases).where(eq(cases.id, id)))[0];
  const run = (caseId: string, resolvedAt: string) =>
    autoCloseJob(t.ctx).handle(
      { caseId, resolvedAt },
      { jobId: 0, attempt: 1, db: t.ctx.db, clock: t.clock },
    );

  it('sets one timer 7 days after the resolution and tells the partner how long they have to reply', async () => {
    t.clock.set('2026-06-15T08:00:00Z');
    const filed = await desk.file();
    t.clock.set('2026-06-15T09:30:00Z');
    await resolve(filed.id);
    expect(await timersOf(filed.id)).toEqual([
      ['2026-06-22T09:30:00.000Z', { caseId: filed.id, resolvedAt: '2026-06-15T09:30:00.000Z' }],
    ]);
    const [mail] = await t.ctx.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.template, 'case_resolved'), eq(notifications.recipient, desk.member.user.email)),
      );
    expect(mail?.body).toContain('reply within 7 days');
  });

  it('cancels the timer when the case is reopened, and closes it with a system entry and its closing time', async () => {
    t.clock.set('2026-06-15T08:00:00Z');
    const filed = await desk.file();
    await resolve(filed.id);
    await patch(filed.id, { status: 'open' });
    expect(await timersOf(filed.id)).toEqual([]);
    expect((await rowOf(filed.id))?.closedAt).toBeNull();

    await resolve(filed.id);
    t.clock.set('2026-06-22T08:00:00Z');
    await run(filed.id, '2026-06-15T08:00:00.000Z');
    const closed = await rowOf(filed.id);
    expect([closed?.status, closed?.closedAt?.toISOString()]).toEqual(['closed', '2026-06-22T08:00:00.000Z']);
    const events = await t.ctx.db.select().from(caseEvents).where(eq(caseEvents.caseId, filed.id));
    expect(events.at(-1)).toMatchObject({
      type: 'status',
      actorUserId: null,
      actorName: 'system',
      data: { from: 'resolved', to: 'closed' },
    });
  });

  it('ignores a run for an earlier resolution, a case no longer resolved, and a case that is gone', async () => {
    t.clock.set('2026-06-15T08:00:00Z');
    const filed = await desk.file();
    const reopened = await desk.file();
    await resolve(filed.id);
    await resolve(reopened.id);
    t.clock.set('2026-06-15T08:10:00Z');
    await patch(filed.id, { status: 'open' });
    await resolve(filed.id);
    await patch(reopened.id, { status: 'open' });
    t.clock.set('2026-06-22T08:05:00Z');
    await run(filed.id, '2026-06-15T08:00:00.000Z');
    expect((await rowOf(filed.id))?.status).toBe('resolved');
    await run(reopened.id, '2026-06-15T08:00:00.000Z');
    expect((await rowOf(reopened.id))?.status).toBe('open');

    await expect(
      run('00000000-0000-4000-8000-000000000000', '2026-06-22T08:05:00.000Z'),
    ).resolves.toBeUndefined();
  });
});
