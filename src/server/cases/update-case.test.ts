import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { logAfterFiling, useCaseDesk } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildUser } from '../../../tests/support/factories.js';
import { auditEvents, cases, users } from '../db/schema/index.js';
import { MINUTE } from '../lib/clock.js';

/** Staff changes to a case: only what changed is logged and audited, once; refusals say why. */
describeEachDatabase('updating a case', (kind) => {
  const desk = useCaseDesk(kind);
  const { t } = desk;
  const file = async () => (await desk.file()).id;
  const patch = (id: string, payload: object) => desk.patch(id, payload);
  const logOf = (id: string) => logAfterFiling(t, id);
  const auditOf = async (id: string) =>
    (await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.subjectId, id)))
      .filter((a) => a.action === 'case.updated')
      .map((a) => [a.actorUserId, a.partnerId, a.before, a.after]);

  it('logs a status and priority change and audits the case before and after, once', async () => {
    const id = await file();
    t.clock.advance(5 * MINUTE);
    const answer = await patch(id, { status: 'in_progress', priority: 'high' });
    expect(answer.json()).toMatchObject({
      status: 'in_progress',
      priority: 'high',
      updatedAt: '2026-06-15T08:05:00.000Z',
    });
    expect(await logOf(id)).toEqual([
      ['priority', { from: 'normal', to: 'high' }],
      ['status', { from: 'open', to: 'in_progress' }],
    ]);
    expect(await auditOf(id)).toEqual([
      [
        desk.agent.user.id,
        desk.partnerId,
        { status: 'open', priority: 'normal', assigneeUserId: null, queue: 'partner_support' },
        { status: 'in_progress', priority: 'high', assigneeUserId: null, queue: 'partner_support' },
      ],
    ]);
  });

  it('changes, logs and audits nothing when every value is the one the case has', async () => {
    const id = await file();
    t.clock.advance(MINUTE);
    const answer = await patch(id, { status: 'open', priority: 'normal', queue: 'partner_support' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json().updatedAt).toBe('2026-06-15T08:05:00.000Z');
    expect(await logOf(id)).toEqual([]);
    expect(await auditOf(id)).toEqual([]);
  });

  it('assigns and unassigns enabled staff only, naming the field otherwise', async () => {
    const id = await file();
    const retired = await buildUser(t, { role: 'support_agent' });
    await t.ctx.db.update(users).set({ disabledAt: t.clock.now() }).where(eq(users.id, retired.id));
    for (const assigneeUserId of [retired.id, desk.member.user.id, '00000000-0000-4000-8000-000000000000']) {
      const refused = await patch(id, { assigneeUserId });
      expect(refused.statusCode, assigneeUserId).toBe(400);
      expect(refused.json().error).toMatchObject({
        field: 'assigneeUserId',
        reason: 'invalid_id',
        message: 'assigneeUserId: must be an enabled staff user',
      });
    }
    const admin = await buildUser(t, { role: 'admin' });
    expect((await patch(id, { assigneeUserId: admin.id })).json().assigneeUserId).toBe(admin.id);
    expect((await patch(id, { assigneeUserId: null })).json().assigneeUserId).toBeNull();
    expect(await logOf(id)).toEqual([
      ['assignee', { from: null, to: admin.id }],
      ['assignee', { from: admin.id, to: null }],
    ]);
    expect((await auditOf(id)).map(([, , before, after]) => [before, after])).toEqual([
      [
        { status: 'open', priority: 'normal', assigneeUserId: null, queue: 'partner_support' },
        { status: 'open', priority: 'normal', assigneeUserId: admin.id, queue: 'partner_support' },
      ],
      [
        { status: 'open', priority: 'normal', assigneeUserId: admin.id, queue: 'partner_support' },
        { status: 'open', priority: 'normal', assigneeUserId: null, queue: 'partner_support' },
      ],
    ]);
  });

  it('refuses a move the status table does not allow, and any change to a closed case, saying why', async () => {
    const id = await file();
    const refuse = async (payload: object, message: string) => {
      const refused = await patch(id, payload);
      expect([refused.statusCode, refused.json().error.message]).toEqual([409, message]);
    };
    await refuse({ status: 'triage' }, 'a case cannot go back to triage; confirm it as urgent instead');
    await refuse({ status: 'closed', priority: 'low' }, 'a case open can move to in_progress, not to closed');
    await patch(id, { status: 'in_progress' });
    await refuse(
      { status: 'open' },
      'a case in_progress can move to waiting_on_partner or resolved, not to open',
    );
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, id));
    expect([row?.status, row?.priority]).toEqual(['in_progress', 'normal']);
    await patch(id, { status: 'resolved' });
    await patch(id, { status: 'closed' });
    const closed = await patch(id, { priority: 'high' });
    expect([closed.statusCode, closed.json().error.message]).toEqual([
      409,
      'a closed case is final; open a follow-up case instead',
    ]);
  });

  it('refuses a triage case any status move by hand', async () => {
    const urgent = (
      await desk.file({
        category: 'urgent_technical_support',
        urgentCriterion: 'orders_blocked',
        impact: { since: '2026-06-15T07:00:00Z' },
      })
    ).id;
    const refused = await patch(urgent, { status: 'open' });
    expect([refused.statusCode, refused.json().error.message]).toEqual([
      409,
      'a case in triage leaves it by a triage decision (confirm or downgrade)',
    ]);
  });
});
