import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { partnerTokenHeaders } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { auditEvents, caseEvents, notifications } from '../db/schema/index.js';
import { MINUTE } from '../lib/clock.js';

/**
 * Filing, listing and changing cases through the API, as partners, their tokens and staff do. Replies and status
 * moves: case-conversation.test.ts.
 */
describeEachDatabase('support cases', (kind) => {
  const t = useTestApp(kind);
  let partnerId: string;
  let member: Agent;
  let agent: Agent;
  let base: string;

  beforeAll(async () => {
    t.clock.set('2026-06-15T08:00:00Z'); // Monday 10:00 in Berlin: partner support is open
    const partner = await buildPartner(t, { name: 'Pizza Portal' });
    partnerId = partner.id;
    member = await signedInUser(t, {
      role: 'partner_member',
      partnerId,
      name: 'Paula Partner',
      locale: 'de',
    });
    agent = await signedInUser(t, { role: 'support_agent', name: 'Sam Support' });
    base = `/api/v1/partners/${partnerId}/cases`;
  });

  const file = (who: Agent, payload: object) => who.request({ method: 'POST', url: base, payload });
  const normal = {
    category: 'technical_support',
    subject: 'Menu sync fails',
    description: 'Prices stale since 9:00',
  };
  const mailsTo = async (email: string) =>
    t.ctx.db.select().from(notifications).where(eq(notifications.recipient, email));

  it('files a normal case open in partner support with a business-hours first-response due time', async () => {
    const response = await file(member, normal);
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({
      status: 'open',
      priority: 'normal',
      queue: 'partner_support',
      category: 'technical_support',
      partnerName: 'Pizza Portal',
      urgentCriterion: null,
      impact: null,
      page: null,
    });
    // Default policy: 60 business minutes from Mon 10:00 Berlin.
    expect(created.sla).toMatchObject({
      firstResponseDueAt: '2026-06-15T09:00:00.000Z',
      firstResponseAt: null,
      paused: false,
      firstResponseBreached: false,
    });
    expect(created.slaClock).toEqual({
      timeZone: 'Europe/Berlin',
      businessHours: true,
      firstResponseMinutesLeft: 60,
      resolutionMinutesLeft: 1440,
    });
    expect(created.events.map((e: { type: string }) => e.type)).toEqual(['created']);
    const mail = (await mailsTo(member.user.email)).find((m) => m.template === 'case_created');
    expect(mail?.subject).toBe(`[#${created.number}] Ihr Fall ist eingegangen: Menu sync fails`);
  });

  it('lets a partner mark a case high but not urgent or low', async () => {
    expect((await file(member, { ...normal, priority: 'high' })).json().priority).toBe('high');
    const urgent = await file(member, { ...normal, priority: 'urgent' });
    expect(urgent.statusCode).toBe(403);
    expect(urgent.json().error.field).toBe('priority');
    expect((await file(agent, { ...normal, priority: 'low' })).json().priority).toBe('low');
  });

  it('requires the urgent criterion and impact, in range, for an urgent case, and starts it in triage', async () => {
    const urgent = {
      ...normal,
      category: 'urgent_technical_support',
      subject: 'All orders fail with HTTP 500',
    };
    const since = '2026-06-15T07:30:00Z';
    const cases: [object, string][] = [
      [urgent, 'urgentCriterion'],
      [{ ...urgent, urgentCriterion: 'orders_blocked' }, 'impact'],
      [{ ...urgent, urgentCriterion: 'orders_blocked', impact: {} }, 'impact.since'],
      [
        { ...urgent, urgentCriterion: 'orders_blocked', impact: { since, ordersAffectedPercent: 101 } },
        'impact.ordersAffectedPercent',
      ],
      [
        { ...urgent, urgentCriterion: 'orders_blocked', impact: { since, merchantsAffectedPercent: -1 } },
        'impact.merchantsAffectedPercent',
      ],
      [
        {
          ...urgent,
          urgentCriterion: 'orders_blocked',
          impact: { since, examples: Array(21).fill('order-1') },
        },
        'impact.examples',
      ],
      [
        { ...urgent, urgentCriterion: 'orders_blocked', impact: { since: '2026-06-16T00:00:00Z' } },
        'impact.since',
      ],
      [{ ...urgent, urgentCriterion: 'the_wifi' }, 'urgentCriterion'],
      [{ ...normal, urgentCriterion: 'orders_blocked' }, 'urgentCriterion'],
      [{ ...normal, impact: { since } }, 'impact'],
    ];
    for (const [payload, field] of cases) {
      const response = await file(member, payload);
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error.field, JSON.stringify(payload)).toBe(field);
    }
    const filed = await file(member, {
      ...urgent,
      urgentCriterion: 'orders_blocked',
      impact: {
        since,
        ordersAffectedPercent: 85,
        examples: ['order-4711'],
        errorSeen: 'HTTP 500 on submit_order',
      },
    });
    expect(filed.statusCode).toBe(201);
    expect(filed.json()).toMatchObject({
      status: 'triage',
      priority: 'high',
      urgentCriterion: 'orders_blocked',
      impact: {
        since,
        ordersAffectedPercent: 85,
        examples: ['order-4711'],
        errorSeen: 'HTTP 500 on submit_order',
      },
    });
  });

  it('leaves PATCH to staff and checks the assignee is enabled staff', async () => {
    const created = (await file(member, normal)).json();
    const url = `${base}/${created.id}`;
    expect((await member.request({ method: 'PATCH', url, payload: { priority: 'high' } })).statusCode).toBe(
      403,
    );
    const bad = await agent.request({ method: 'PATCH', url, payload: { assigneeUserId: member.user.id } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('assigneeUserId');
    const changed = await agent.request({
      method: 'PATCH',
      url,
      payload: { assigneeUserId: agent.user.id, priority: 'high', queue: 'consultants' },
    });
    expect(changed.json()).toMatchObject({
      assigneeName: 'Sam Support',
      priority: 'high',
      queue: 'consultants',
    });
    const events = await t.ctx.db.select().from(caseEvents).where(eq(caseEvents.caseId, created.id));
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        'created',
        { status: 'open', category: 'technical_support', priority: 'normal', queue: 'partner_support' },
      ],
      ['priority', { from: 'normal', to: 'high' }],
      ['assignee', { from: null, to: agent.user.id }],
      ['queue', { from: 'partner_support', to: 'consultants' }],
    ]);
    const audits = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.subjectId, created.id));
    const audit = audits.find((a) => a.action === 'case.updated');
    expect(audit).toMatchObject({ subjectId: created.id, actorUserId: agent.user.id });
  });

  it('serves a partner_api token its own partner cases: create, list, read, comment', async () => {
    const headers = await partnerTokenHeaders(t, partnerId, 'ci');
    const created = await t.app.inject({ method: 'POST', url: base, headers, payload: normal });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const list = await t.app.inject({ method: 'GET', url: `${base}?limit=200`, headers });
    expect(list.json().items.map((c: { id: string }) => c.id)).toContain(id);
    const comment = await t.app.inject({
      method: 'POST',
      url: `${base}/${id}/comments`,
      headers,
      payload: { body: 'from CI' },
    });
    expect(comment.json()).toMatchObject({ authorKind: 'partner', internal: false, authorName: 'token:ci' });
    const other = await buildPartner(t);
    const foreign = await t.app.inject({ method: 'GET', url: `/api/v1/partners/${other.id}/cases`, headers });
    expect(foreign.statusCode).toBe(404);
  });

  it('pages the partner list by cursor, newest first, without repeats or gaps', async () => {
    const partner = await buildPartner(t);
    const someone = await signedInUser(t, { role: 'partner_member', partnerId: partner.id });
    const url = `/api/v1/partners/${partner.id}/cases`;
    const numbers: number[] = [];
    for (let i = 0; i < 5; i++) {
      numbers.push((await someone.request({ method: 'POST', url, payload: normal })).json().number);
      if (i !== 2) t.clock.advance(MINUTE); // two cases share a creation time: the id breaks the tie
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = (await someone.request({ method: 'GET', url: `${url}?limit=2${query}` })).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c: { number: number }) => c.number));
      cursor = page.nextCursor;
    } while (cursor);
    expect([...seen].sort((a, b) => a - b)).toEqual(numbers);
    expect(seen[0]).toBe(numbers[4]);
    const bad = await someone.request({ method: 'GET', url: `${url}?cursor=bm9wZQ` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('cursor');
  });

  it('shows the partner its open cases that look like the one being filed', async () => {
    const partner = await buildPartner(t);
    const someone = await signedInUser(t, { role: 'partner_member', partnerId: partner.id });
    const url = `/api/v1/partners/${partner.id}/cases`;
    const feed = (
      await someone.request({
        method: 'POST',
        url,
        payload: {
          ...normal,
          subject: 'Menu feed rejected',
          description: 'The menu feed upload fails validation',
        },
      })
    ).json();
    await someone.request({
      method: 'POST',
      url,
      payload: { ...normal, subject: 'Invoice question', description: 'Where is the March invoice?' },
    });
    const similar = await someone.request({
      method: 'GET',
      url: `${url}/similar?q=${encodeURIComponent('menu feed broken!')}`,
    });
    expect(similar.json().map((c: { id: string }) => c.id)).toEqual([feed.id]);
    expect((await someone.request({ method: 'GET', url: `${url}/similar?q=%26%7C%21` })).json()).toEqual([]);
  });
});
