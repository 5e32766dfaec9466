import { and, eq, like } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { useCaseDesk } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { cases, jobs } from '../db/schema/index.js';

/**
 * The timers a change leaves: every change recomputes them, but an alert already fired is never set again, and a
 * target no longer pending has none. Filed Monday 10:00 Berlin: first response warned 08:45Z, due 09:00Z.
 */
describeEachDatabase('SLA timers', (kind) => {
  const desk = useCaseDesk(kind);
  const { t, patch } = desk;
  const timersOf = async (caseId: string) =>
    (
      await t.ctx.db
        .select({ key: jobs.singletonKey, runAt: jobs.runAt, payload: jobs.payload })
        .from(jobs)
        .where(and(like(jobs.singletonKey, `sla:%:${caseId}`), eq(jobs.status, 'queued')))
    )
      .map((j) => [j.key, j.runAt.toISOString(), j.payload])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

  it('keys each timer by kind, target and case, and carries them in its payload', async () => {
    t.clock.set('2026-06-15T08:00:00Z');
    const { id } = await desk.file();
    expect(await timersOf(id)).toEqual([
      [
        `sla:breach:first_response:${id}`,
        '2026-06-15T09:00:00.000Z',
        { caseId: id, kind: 'breach', target: 'first_response' },
      ],
      [
        `sla:breach:resolution:${id}`,
        '2026-06-18T08:00:00.000Z',
        { caseId: id, kind: 'breach', target: 'resolution' },
      ],
      [
        `sla:warning:first_response:${id}`,
        '2026-06-15T08:45:00.000Z',
        { caseId: id, kind: 'warning', target: 'first_response' },
      ],
      [
        `sla:warning:resolution:${id}`,
        '2026-06-18T07:45:00.000Z',
        { caseId: id, kind: 'warning', target: 'resolution' },
      ],
    ]);
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, id));
    expect(row?.nextSlaDueAt?.toISOString()).toBe('2026-06-15T09:00:00.000Z');
  });

  it('does not set a warning again once it fired, when a later change recomputes the timers', async () => {
    t.clock.set('2026-06-15T08:00:00Z');
    const { id } = await desk.file();
    t.clock.set('2026-06-15T08:45:00Z');
    await t.worker.runDue();
    await desk.reply(desk.member, id, 'Any news?');
    expect((await timersOf(id)).map(([key]) => key)).toEqual([
      `sla:breach:first_response:${id}`,
      `sla:breach:resolution:${id}`,
      `sla:warning:resolution:${id}`,
    ]);
    t.clock.set('2026-06-15T09:00:00Z');
    await t.worker.runDue();
    await desk.reply(desk.member, id, 'Hello?');
    expect((await timersOf(id)).map(([key]) => key)).toEqual([
      `sla:breach:resolution:${id}`,
      `sla:warning:resolution:${id}`,
    ]);
  });

  it('leaves no timer for a case resolved before anyone answered', async () => {
    t.clock.set('2026-06-15T08:00:00Z');
    const { id } = await desk.file();
    await patch(id, { status: 'in_progress' });
    await patch(id, { status: 'resolved' });
    expect(await timersOf(id)).toEqual([]);
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, id));
    expect(row?.nextSlaDueAt).toBeNull();
  });
});
