import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { partnerTokenHeaders, useCaseDesk } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, buildUser, signedInUser } from '../../../tests/support/factories.js';
import { auditEvents, caseEvents, caseSubscribers, cases, notifications, users } from '../db/schema/index.js';

/** Filing a case: where it lands, who hears of it, what the log and the audit say. */
describeEachDatabase('opening a case', (kind) => {
  const desk = useCaseDesk(kind);
  const { t } = desk;

  const normal = { category: 'technical_support', subject: 'Feed stale', description: 'Since 9:00' };
  const urgent = {
    category: 'urgent_technical_support',
    subject: 'Checkout down',
    description: 'Every order fails',
    urgentCriterion: 'orders_blocked',
  };
  const file = (payload: object, who: Agent = desk.member) =>
    who.request({ method: 'POST', url: desk.base, payload });
  const mailOf = async (caseId: string) =>
    (await t.ctx.db.select().from(notifications))
      .filter((m) => m.body.includes(`/cases/${caseId}`))
      .map((m) => [m.recipient, m.template]);

  it('logs the creation, audits it and subscribes the partner user who filed it', async () => {
    const created = (await file({ ...normal, priority: 'high' })).json();
    expect(created.subscribed).toBe(true);
    const events = await t.ctx.db.select().from(caseEvents).where(eq(caseEvents.caseId, created.id));
    expect(events.map((e) => [e.type, e.data, e.actorUserId])).toEqual([
      [
        'created',
        { status: 'open', category: 'technical_support', priority: 'high', queue: 'partner_support' },
        desk.member.user.id,
      ],
    ]);
    const audits = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.subjectId, created.id));
    expect(
      audits.map((a) => [a.action, a.subjectType, a.partnerId, a.actorUserId, a.before, a.after]),
    ).toEqual([
      [
        'case.opened',
        'case',
        desk.partnerId,
        desk.member.user.id,
        null,
        { number: created.number, category: 'technical_support', priority: 'high', subject: 'Feed stale' },
      ],
    ]);
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, created.id));
    expect(row?.createdByUserId).toBe(desk.member.user.id);
  });

  it('lets an impact start at the current instant but not a second later', async () => {
    const now = await file({ ...urgent, impact: { since: '2026-06-15T08:00:00Z' } });
    expect(now.statusCode).toBe(201);
    const later = await file({ ...urgent, impact: { since: '2026-06-15T08:00:01Z' } });
    expect(later.statusCode).toBe(400);
    expect(later.json().error).toMatchObject({ field: 'impact.since', reason: 'in_future' });
  });

  it('names the field, the reason and the rule of each refusal', async () => {
    const since = '2026-06-15T07:00:00Z';
    const refusals: [object, number, object][] = [
      [
        { ...normal, urgentCriterion: 'orders_blocked' },
        400,
        {
          field: 'urgentCriterion',
          reason: 'only_with',
          params: { other: 'urgent_technical_support' },
          message: 'urgentCriterion: only applies to urgent technical support',
        },
      ],
      [
        { ...normal, impact: { since } },
        400,
        {
          field: 'impact',
          reason: 'only_with',
          params: { other: 'urgent_technical_support' },
          message: 'impact: only applies to urgent technical support',
        },
      ],
      [
        { ...urgent, urgentCriterion: undefined, impact: { since } },
        400,
        {
          field: 'urgentCriterion',
          reason: 'required',
          message: 'urgentCriterion: is required for urgent technical support',
        },
      ],
      [
        urgent,
        400,
        {
          field: 'impact',
          reason: 'required',
          message: 'impact: is required for urgent technical support: since when, how many affected',
        },
      ],
      [
        { ...urgent, impact: { since: '2026-06-15T09:00:00Z' } },
        400,
        { field: 'impact.since', reason: 'in_future', message: 'impact.since: must not be in the future' },
      ],
      [
        { ...normal, priority: 'low' },
        403,
        {
          field: 'priority',
          message: 'priority: partners may mark a case high or normal; support sets the rest',
        },
      ],
    ];
    for (const [payload, status, error] of refusals) {
      const response = await file(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
      expect(response.json().error).toMatchObject(error);
    }
  });

  it('keeps the urgent criterion and impact off other categories when they come as null', async () => {
    const created = (await file({ ...normal, urgentCriterion: null, impact: null })).json();
    expect(created).toMatchObject({ status: 'open', urgentCriterion: null, impact: null });
  });

  it('mails an urgent case to triage and the partner its receipt; a normal case to the partner alone', async () => {
    const triager = await signedInUser(t, { role: 'triage' });
    const disabled = await buildUser(t, { role: 'triage' });
    await t.ctx.db.update(users).set({ disabledAt: t.clock.now() }).where(eq(users.id, disabled.id));
    const hot = (await file({ ...urgent, impact: { since: '2026-06-15T07:00:00Z' } })).json();
    expect(hot).toMatchObject({ status: 'triage', priority: 'high', queue: 'partner_support' });
    const hotMail = await mailOf(hot.id);
    expect(hotMail).toContainEqual([desk.member.user.email, 'case_urgent_received']);
    expect(hotMail).toContainEqual([triager.user.email, 'case_urgent_new']);
    expect(hotMail.some(([to]) => to === disabled.email)).toBe(false);
    expect(hotMail.some(([, template]) => template === 'case_created')).toBe(false);
    const calm = (await file(normal)).json();
    expect(await mailOf(calm.id)).toEqual([[desk.member.user.email, 'case_created']]);
  });

  it('lets staff file an urgent priority', async () => {
    const created = await file({ ...normal, priority: 'urgent' }, desk.agent);
    expect(created.statusCode).toBe(201);
    expect(created.json().priority).toBe('urgent');
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, created.json().id));
    expect(row?.createdByUserId).toBe(desk.agent.user.id);
  });

  it('files a token case without a requester or subscriber', async () => {
    const created = (
      await t.app.inject({
        method: 'POST',
        url: desk.base,
        headers: await partnerTokenHeaders(t, desk.partnerId, 'ci'),
        payload: normal,
      })
    ).json();
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, created.id));
    expect(row?.createdByUserId).toBeNull();
    expect(
      await t.ctx.db.select().from(caseSubscribers).where(eq(caseSubscribers.caseId, created.id)),
    ).toEqual([]);
    const [event] = await t.ctx.db.select().from(caseEvents).where(eq(caseEvents.caseId, created.id));
    expect([event?.actorUserId, event?.actorName]).toEqual([null, 'token:ci']);
  });

  it('sends an integration question to the partner consultant, or refuses while there is none', async () => {
    const question = {
      category: 'integration_question',
      subject: 'Webhook retries?',
      description: 'How often?',
    };
    const refused = await file(question);
    expect([refused.statusCode, refused.json().error.message]).toEqual([
      409,
      'no consultant is assigned to this partner yet',
    ]);
    const consultant = await buildUser(t, { role: 'consultant', name: 'Connie Consultant', locale: 'de' });
    const partner = await buildPartner(t, { name: 'Wok World', consultantUserId: consultant.id });
    const asker = await signedInUser(t, { role: 'partner_member', partnerId: partner.id, name: 'Otto' });
    const response = await asker.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/cases`,
      payload: question,
    });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({
      status: 'open',
      queue: 'consultants',
      assigneeUserId: consultant.id,
      assigneeName: 'Connie Consultant',
    });
    const [mail] = await t.ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.recipient, consultant.email));
    expect(mail).toMatchObject({ template: 'consultant_question', locale: 'de', partnerId: partner.id });
    expect(mail?.body).toContain('Wok World');
    expect(mail?.body).toContain('Otto');
    expect(mail?.body).toContain('How often?');
    expect(mail?.body).toContain(`/cases/${created.id}`);
  });
});
