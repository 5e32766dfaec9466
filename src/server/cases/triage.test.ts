import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { domainEvents, notifications } from '../db/schema/index.js';
import { MINUTE } from '../lib/clock.js';
import { pendingDomainEvents } from '../lib/domain-events.js';

describeEachDatabase('triage', (kind) => {
  const t = useTestApp(kind);
  let partnerId: string;
  let member: Agent;
  let triager: Agent;
  let base: string;

  beforeAll(async () => {
    t.clock.set('2026-06-13T01:00:00Z'); // Saturday 03:00 in Berlin: partner support is closed
    partnerId = (await buildPartner(t, { name: 'Burger Bridge' })).id;
    member = await signedInUser(t, { role: 'partner_member', partnerId, locale: 'fr' });
    triager = await signedInUser(t, { role: 'triage', name: 'Tara Triage' });
    base = `/api/v1/partners/${partnerId}/cases`;
  });

  const fileUrgent = async () =>
    (
      await member.request({
        method: 'POST',
        url: base,
        payload: {
          category: 'urgent_technical_support',
          subject: 'Integration down',
          description: 'Every call times out',
          urgentCriterion: 'integration_down',
          impact: { since: '2026-06-13T00:40:00Z', merchantsAffectedPercent: 100 },
        },
      })
    ).json();
  const decide = (who: Agent, id: string, payload: object) =>
    who.request({ method: 'POST', url: `${base}/${id}/triage`, payload });

  it('lists cases waiting for triage oldest first with their 15-minute review deadline, and mails triage', async () => {
    const first = await fileUrgent();
    t.clock.advance(MINUTE);
    const second = await fileUrgent();
    const queue = (await triager.request({ method: 'GET', url: '/api/v1/cases/triage' })).json();
    const mine = queue.filter((c: { partnerId: string }) => c.partnerId === partnerId);
    expect(mine.slice(0, 2).map((c: { id: string; reviewDueAt: string }) => [c.id, c.reviewDueAt])).toEqual([
      [first.id, '2026-06-13T01:15:00.000Z'],
      [second.id, '2026-06-13T01:16:00.000Z'],
    ]);
    const mail = await t.ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.recipient, triager.user.email));
    expect(mail.find((m) => m.template === 'case_urgent_new')?.body).toContain('the integration is down');
  });

  it('confirms: urgent, on-call queue, open, the 24/7 policy, and the urgent_confirmed event once', async () => {
    const filed = await fileUrgent();
    t.clock.advance(5 * MINUTE);
    const confirmed = await decide(triager, filed.id, { decision: 'confirm' });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({
      status: 'open',
      priority: 'urgent',
      queue: 'oncall_engineering',
      category: 'urgent_technical_support',
      // 30 minutes around the clock from filing, on a Saturday night.
      sla: { calendarId: null, firstResponseDueAt: '2026-06-13T01:31:00.000Z' },
    });
    const events = await t.ctx.db.select().from(domainEvents).where(eq(domainEvents.subjectId, filed.id));
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      [
        'case.urgent_confirmed',
        { caseId: filed.id, partnerId, number: filed.number, subject: 'Integration down' },
      ],
    ]);
    expect((await pendingDomainEvents(t.ctx.db, 'case.urgent_confirmed')).map((e) => e.subjectId)).toContain(
      filed.id,
    );
    const again = await decide(triager, filed.id, { decision: 'confirm' });
    expect(again.statusCode).toBe(409);
    const mail = await t.ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.recipient, member.user.email));
    expect(mail.find((m) => m.template === 'case_triage_confirmed')?.subject).toBe(
      `[#${filed.number}] Urgence confirmée : Integration down`,
    );
  });

  it('records the event exactly once when two triagers confirm at the same moment', async () => {
    const filed = await fileUrgent();
    const admin = await signedInUser(t, { role: 'admin' });
    const answers = await Promise.all([
      decide(triager, filed.id, { decision: 'confirm' }),
      decide(admin, filed.id, { decision: 'confirm' }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const events = await t.ctx.db.select().from(domainEvents).where(eq(domainEvents.subjectId, filed.id));
    expect(events).toHaveLength(1);
  });

  it('downgrades with a reason the partner reads in their language, onto business hours', async () => {
    const filed = await fileUrgent();
    const missing = await decide(triager, filed.id, { decision: 'downgrade' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('reason');
    const blank = await decide(triager, filed.id, { decision: 'downgrade', reason: '   ' });
    expect(blank.statusCode).toBe(400);
    const unknown = await decide(triager, filed.id, { decision: 'escalate' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('decision');

    const reason = 'Only one merchant is affected; not a platform-wide outage';
    const downgraded = await decide(triager, filed.id, { decision: 'downgrade', reason, priority: 'high' });
    expect(downgraded.json()).toMatchObject({
      status: 'open',
      priority: 'high',
      queue: 'partner_support',
      category: 'technical_support',
      // Business hours: filed Saturday night, 60 minutes from Monday 09:00 Berlin.
      sla: { firstResponseDueAt: '2026-06-15T08:00:00.000Z' },
    });
    const partnerView = (await member.request({ method: 'GET', url: `${base}/${filed.id}` })).json();
    expect(partnerView.events.find((e: { type: string }) => e.type === 'triaged').data).toEqual({
      decision: 'downgrade',
      reason,
    });
    const mail = await t.ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.recipient, member.user.email));
    const told = mail.find((m) => m.template === 'case_triage_downgraded' && m.body.includes(reason));
    expect(told?.body).toContain(`Motif : ${reason}`);
    const events = await t.ctx.db.select().from(domainEvents).where(eq(domainEvents.subjectId, filed.id));
    expect(events).toEqual([]);
    expect((await decide(triager, filed.id, { decision: 'downgrade', reason })).statusCode).toBe(409);
  });

  it('keeps the pause already taken when confirming switches the case to the 24/7 policy', async () => {
    const agent = await signedInUser(t, { role: 'support_agent' });
    const filed = (
      await member.request({
        method: 'POST',
        url: base,
        payload: { category: 'technical_support', subject: 'Slow checkout', description: 'p99 is 9 s' },
      })
    ).json();
    const url = `${base}/${filed.id}`;
    const filedAt = new Date(filed.createdAt).getTime();
    await agent.request({ method: 'PATCH', url, payload: { status: 'in_progress' } });
    t.clock.advance(20 * MINUTE);
    await agent.request({ method: 'PATCH', url, payload: { status: 'waiting_on_partner' } });
    t.clock.advance(60 * MINUTE); // waiting on the partner for an hour
    await member.request({ method: 'POST', url: `${url}/comments`, payload: { body: 'Logs attached' } });
    const confirmed = (await decide(triager, filed.id, { decision: 'confirm' })).json();
    // 24/7 policy: 240 resolution minutes, of which 20 ran before the pause; the pause hour does not count.
    expect(confirmed.sla.resolutionDueAt).toBe(new Date(filedAt + (240 + 60) * MINUTE).toISOString());
    expect(confirmed.sla.calendarId).toBeNull();
  });

  it('confirms a case filed as normal, so staff can escalate it', async () => {
    const filed = (
      await member.request({
        method: 'POST',
        url: base,
        payload: { category: 'technical_support', subject: 'Checkout 500s', description: 'Since the deploy' },
      })
    ).json();
    const confirmed = await decide(triager, filed.id, { decision: 'confirm' });
    expect(confirmed.json()).toMatchObject({
      status: 'open',
      priority: 'urgent',
      category: 'urgent_technical_support',
    });
  });

  it('lets only triage and platform admins decide: 403 for other staff and partners, 404 across partners', async () => {
    const filed = await fileUrgent();
    for (const role of ['support_agent', 'oncall_engineer', 'consultant'] as const) {
      const staff = await signedInUser(t, { role });
      expect((await decide(staff, filed.id, { decision: 'confirm' })).statusCode, role).toBe(403);
    }
    expect((await decide(member, filed.id, { decision: 'confirm' })).statusCode).toBe(403);
    const other = await buildPartner(t);
    const outsider = await signedInUser(t, { role: 'partner_admin', partnerId: other.id });
    expect((await decide(outsider, filed.id, { decision: 'confirm' })).statusCode).toBe(404);
    expect(
      (await decide(triager, filed.id, { decision: 'confirm' })).statusCode,
      'still undecided after the refusals',
    ).toBe(200);
  });
});
