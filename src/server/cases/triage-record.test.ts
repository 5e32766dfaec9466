import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { logAfterFiling, partnerTokenHeaders, useCaseDesk } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, signedInUser } from '../../../tests/support/factories.js';
import { auditEvents, notifications } from '../db/schema/index.js';

/** An urgent case as filed, waiting in triage. */
const FILED = {
  status: 'triage',
  category: 'urgent_technical_support',
  priority: 'high',
  queue: 'partner_support',
};

/** What a triage decision leaves behind: the case's log, the audit entry, and the refusals by status and actor. */
describeEachDatabase('triage records', (kind) => {
  const desk = useCaseDesk(kind);
  const { t } = desk;
  let triager: Agent;

  beforeAll(async () => {
    triager = await signedInUser(t, { role: 'triage' });
  });

  const file = (payload: object = {}) =>
    desk.file({
      category: 'urgent_technical_support',
      urgentCriterion: 'orders_blocked',
      impact: { since: '2026-06-15T07:50:00Z' },
      ...payload,
    });
  const decide = (id: string, payload: object, who: Agent = triager) =>
    who.request({ method: 'POST', url: `${desk.base}/${id}/triage`, payload });
  const logOf = (id: string) => logAfterFiling(t, id);
  const auditOf = async (id: string) =>
    (await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.subjectId, id)))
      .filter((a) => a.action !== 'case.opened')
      .map((a) => ({ action: a.action, actor: a.actorUserId, before: a.before, after: a.after }));

  it('confirming logs each changed field, the decision and the move to open, and audits before and after', async () => {
    const filed = await file();
    expect((await decide(filed.id, { decision: 'confirm' })).statusCode).toBe(200);
    expect(await logOf(filed.id)).toEqual([
      ['priority', { from: 'high', to: 'urgent' }],
      ['queue', { from: 'partner_support', to: 'oncall_engineering' }],
      ['status', { from: 'triage', to: 'open' }],
      ['triaged', { decision: 'confirm' }],
    ]);
    expect(await auditOf(filed.id)).toEqual([
      {
        action: 'case.urgency_confirmed',
        actor: triager.user.id,
        before: FILED,
        after: {
          status: 'open',
          category: 'urgent_technical_support',
          priority: 'urgent',
          queue: 'oncall_engineering',
        },
      },
    ]);
    const mail = await t.ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.recipient, desk.member.user.email));
    expect(mail.filter((m) => m.template === 'case_triage_confirmed')).toHaveLength(1);
  });

  it('downgrading to normal by default logs the category and priority and audits the trimmed reason', async () => {
    const filed = await file();
    const answer = await decide(filed.id, { decision: 'downgrade', reason: '  One merchant only  ' });
    expect(answer.json()).toMatchObject({
      priority: 'normal',
      category: 'technical_support',
      status: 'open',
    });
    expect(await logOf(filed.id)).toEqual([
      ['category', { from: 'urgent_technical_support', to: 'technical_support' }],
      ['priority', { from: 'high', to: 'normal' }],
      ['status', { from: 'triage', to: 'open' }],
      ['triaged', { decision: 'downgrade', reason: 'One merchant only' }],
    ]);
    expect(await auditOf(filed.id)).toEqual([
      {
        action: 'case.downgraded',
        actor: triager.user.id,
        before: FILED,
        after: {
          status: 'open',
          category: 'technical_support',
          priority: 'normal',
          queue: 'partner_support',
          reason: 'One merchant only',
        },
      },
    ]);
  });

  it('confirming a case already open adds no status move', async () => {
    const filed = await file({ category: 'technical_support', urgentCriterion: null, impact: null });
    await decide(filed.id, { decision: 'confirm' });
    expect(await logOf(filed.id)).toEqual([
      ['category', { from: 'technical_support', to: 'urgent_technical_support' }],
      ['priority', { from: 'normal', to: 'urgent' }],
      ['queue', { from: 'partner_support', to: 'oncall_engineering' }],
      ['triaged', { decision: 'confirm' }],
    ]);
  });

  it('refuses to confirm a resolved or closed case, and to downgrade one that left triage, saying why', async () => {
    const filed = await file({ category: 'technical_support', urgentCriterion: null, impact: null });
    const downgraded = await decide(filed.id, { decision: 'downgrade', reason: 'Not urgent' });
    expect([downgraded.statusCode, downgraded.json().error.message]).toEqual([
      409,
      'only a case in triage can be downgraded; this one is open',
    ]);
    for (const status of ['in_progress', 'resolved']) await desk.patch(filed.id, { status });
    const resolved = await decide(filed.id, { decision: 'confirm' });
    expect([resolved.statusCode, resolved.json().error.message]).toEqual([
      409,
      'a resolved case cannot be confirmed as urgent; open a new case',
    ]);
    await desk.patch(filed.id, { status: 'closed' });
    const closed = await decide(filed.id, { decision: 'confirm' });
    expect([closed.statusCode, closed.json().error.message]).toEqual([
      409,
      'a closed case cannot be confirmed as urgent; open a new case',
    ]);
    expect(await auditOf(filed.id)).toEqual([
      expect.objectContaining({ action: 'case.updated' }),
      expect.objectContaining({ action: 'case.updated' }),
      expect.objectContaining({ action: 'case.updated' }),
    ]);
  });

  it('names the rule when a downgrade has no reason or a case is confirmed twice', async () => {
    const filed = await file();
    const bare = await decide(filed.id, { decision: 'downgrade' });
    expect(bare.json().error).toMatchObject({
      field: 'reason',
      reason: 'required',
      message: 'reason: is required to downgrade: the partner is told why',
    });
    await decide(filed.id, { decision: 'confirm' });
    const again = await decide(filed.id, { decision: 'confirm' });
    expect([again.statusCode, again.json().error.message]).toEqual([
      409,
      'this case is already confirmed as urgent',
    ]);
  });

  it('refuses an API token, even one of the partner', async () => {
    const filed = await file();
    const answer = await t.app.inject({
      method: 'POST',
      url: `${desk.base}/${filed.id}/triage`,
      headers: await partnerTokenHeaders(t, desk.partnerId, 'ci'),
      payload: { decision: 'confirm' },
    });
    expect(answer.statusCode).toBe(403);
    expect(await logOf(filed.id)).toEqual([]);
  });
});
