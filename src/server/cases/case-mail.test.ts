import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { useCaseDesk } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, signedInUser } from '../../../tests/support/factories.js';
import { notifications } from '../db/schema/index.js';

/** What the case mails say: the due time each recipient reads, the criterion triage reviews, who wrote what. */
describeEachDatabase('case mail contents', (kind) => {
  const desk = useCaseDesk(kind);
  const { t } = desk;
  let triager: Agent;

  beforeAll(async () => {
    triager = await signedInUser(t, { role: 'triage', name: 'Tara Triage' });
  });

  const bodyOf = async (to: string, template: string, caseId: string) => {
    const mails = await t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.recipient, to), eq(notifications.template, template)));
    const found = mails.filter((m) => m.body.includes(`/cases/${caseId}`));
    expect(found, `${template} to ${to}`).toHaveLength(1);
    return found[0]?.body ?? '';
  };
  const fileUrgent = () =>
    desk.file({
      category: 'urgent_technical_support',
      subject: 'Checkout down',
      urgentCriterion: 'orders_blocked',
      impact: { since: '2026-06-15T07:30:00Z' },
    });
  const decide = (id: string, payload: object) =>
    triager.request({ method: 'POST', url: `${desk.base}/${id}/triage`, payload });

  it('tells the partner when the first response is due', async () => {
    t.clock.set('2026-06-15T08:00:00Z');
    const filed = await desk.file();
    expect(await bodyOf(desk.member.user.email, 'case_created', filed.id)).toContain(
      'We answer within Jun 15, 2026, 9:00 AM UTC.',
    );
  });

  it('tells triage the urgent criterion, and the partner the due time each decision sets', async () => {
    t.clock.set('2026-06-15T08:00:00Z');
    const confirmed = await fileUrgent();
    expect(await bodyOf(triager.user.email, 'case_urgent_new', confirmed.id)).toContain(
      '(end users cannot order)',
    );
    await decide(confirmed.id, { decision: 'confirm' });
    // Around the clock: 30 minutes from filing.
    expect(await bodyOf(desk.member.user.email, 'case_triage_confirmed', confirmed.id)).toContain(
      'First response due: Jun 15, 2026, 8:30 AM UTC.',
    );

    const downgraded = await fileUrgent();
    await decide(downgraded.id, { decision: 'downgrade', reason: 'One merchant only' });
    // Business hours: 60 minutes from filing on a Monday morning.
    const body = await bodyOf(desk.member.user.email, 'case_triage_downgraded', downgraded.id);
    expect(body).toContain('Reason: One merchant only');
    expect(body).toContain('First response due: Jun 15, 2026, 9:00 AM UTC.');
  });

  it('quotes who wrote a reply and what, to the other side', async () => {
    t.clock.set('2026-06-15T08:00:00Z');
    const filed = await desk.file();
    await desk.patch(filed.id, { assigneeUserId: desk.agent.user.id });
    await desk.reply(desk.member, filed.id, 'The feed still shows Monday prices');
    expect(await bodyOf(desk.agent.user.email, 'case_partner_reply', filed.id)).toContain(
      'The feed still shows Monday prices',
    );
    await desk.reply(triager, filed.id, 'We restarted the import');
    const body = await bodyOf(desk.member.user.email, 'case_staff_reply', filed.id);
    expect(body).toContain('Tara Triage replied on case');
    expect(body).toContain('We restarted the import');
  });
});
