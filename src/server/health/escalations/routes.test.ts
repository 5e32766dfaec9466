import { randomUUID } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser } from '../../../../tests/support/factories.js';
import { partnerWithEscalation } from '../../../../tests/support/health-escalations.js';
import { useTestApp } from '../../../../tests/support/test-app.js';
import type { Actor } from '../../auth/actor.js';
import { auditEvents, jobs, notifications, pages, partners } from '../../db/schema/index.js';
import { HOUR } from '../../lib/clock.js';
import { evaluateArea, finding, resolveArea } from './fixtures.js';
import { loadEscalationDetail } from './queries.js';
import { acknowledgeEscalation, commentOnEscalation } from './service.js';

/** The escalation API: partner and staff views, acknowledging in the app, comments, actions (email links: links.test.ts). */
describeEachDatabase('health escalation routes', (kind) => {
  const t = useTestApp(kind);
  let admin: Agent;
  let consultant: Agent;

  // Signed in for each test: a test moving the clock past a session's life leaves the next one signed in.
  beforeEach(async () => {
    admin = await signedInUser(t, { role: 'admin', name: 'Ada Admin' });
    consultant = await signedInUser(t, { role: 'consultant', name: 'Carl Consultant' });
  });

  it('shows partner members their escalations with the timeline, and staff every partner’s, open first', async () => {
    const { partner, member, id, base, url } = await partnerWithEscalation(t);
    const list = await member.request({ method: 'GET', url: `${base}?status=open` });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      expect.objectContaining({
        id,
        partnerId: partner.id,
        partnerName: partner.name,
        area: 'action:checkout',
        status: 'open',
        severity: 'critical',
        rules: ['burn_rate'],
        acknowledgedBy: null,
        healthUrl: `http://localhost:3000/partners/${partner.id}/health`.replace(
          'http://localhost:3000',
          new URL(list.json()[0].healthUrl).origin,
        ),
      }),
    ]);
    expect((await member.request({ method: 'GET', url: `${base}?status=resolved` })).json()).toEqual([]);
    const detail = (await member.request({ method: 'GET', url })).json();
    // Critical: the technical emergency contacts first, and this partner has none.
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual([
      'opened',
      'no_contacts',
      'notified',
    ]);
    expect(detail.timeline[2].contact).toMatchObject({ name: 'Otto Oncall' });

    const medium = await partnerWithEscalation(t, 'medium');
    const all = (await consultant.request({ method: 'GET', url: '/api/v1/escalations' })).json();
    const ids = all.map((e: { id: string }) => e.id);
    expect(ids.indexOf(id)).toBeLessThan(ids.indexOf(medium.id)); // critical before medium
    const filtered = await consultant.request({
      method: 'GET',
      url: `/api/v1/escalations?severity=medium&partnerId=${medium.partner.id}`,
    });
    expect(filtered.json().map((e: { id: string }) => e.id)).toEqual([medium.id]);
    expect((await member.request({ method: 'GET', url: '/api/v1/escalations' })).statusCode).toBe(403);
  });

  it('hides one partner’s escalations from another partner (404)', async () => {
    const a = await partnerWithEscalation(t);
    const b = await partnerWithEscalation(t);
    expect((await b.member.request({ method: 'GET', url: a.url })).statusCode).toBe(404);
    expect((await b.member.request({ method: 'GET', url: `${b.base}/${a.id}` })).statusCode).toBe(404);
    expect(
      (await b.member.request({ method: 'POST', url: `${b.base}/${a.id}/acknowledge` })).statusCode,
    ).toBe(404);
    expect((await admin.request({ method: 'POST', url: `${b.base}/${a.id}/page` })).statusCode).toBe(404);
  });

  it('lets a member acknowledge once, which stops the notices; a second acknowledgement is 409', async () => {
    const { partner, member, contact, url } = await partnerWithEscalation(t);
    const acknowledged = await member.request({ method: 'POST', url: `${url}/acknowledge` });
    expect(acknowledged.statusCode).toBe(200);
    expect(acknowledged.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'Mia Member' });
    const twice = await member.request({ method: 'POST', url: `${url}/acknowledge` });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toBe('the escalation is already acknowledged');
    const timeline = (await member.request({ method: 'GET', url })).json().timeline;
    expect(timeline.at(-1)).toMatchObject({
      type: 'acknowledged',
      actor: { id: member.user.id, name: 'Mia Member' },
      contact: null,
      detail: { via: 'app', by: member.user.email },
    });
    const queued = await t.ctx.db
      .select()
      .from(jobs)
      .where(
        and(
          like(jobs.singletonKey, `health-escalation:${acknowledged.json().id}:%`),
          eq(jobs.status, 'queued'),
        ),
      );
    expect(queued).toEqual([]);
    t.clock.advance(2 * HOUR);
    await t.worker.runDue();
    const mails = await t.ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.recipient, contact.email));
    expect(mails).toHaveLength(1);
    const [audit] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.partnerId, partner.id), eq(auditEvents.action, 'health_escalation.acknowledged')),
      );
    expect(audit).toMatchObject({
      actorUserId: member.user.id,
      subjectType: 'health_escalation',
      subjectId: acknowledged.json().id,
      after: { contactId: null },
    });
  });

  it('refuses to acknowledge a suppressed or resolved escalation (409)', async () => {
    const partner = await buildPartner(t);
    const member = await signedInUser(t, { role: 'partner_member', partnerId: partner.id });
    const area = 'feed:menu' as const;
    const id = await evaluateArea(t.ctx, partner.id, area, [finding(area, 'feed_stale', 'low')], {
      integration: 'paused',
    });
    const url = `/api/v1/partners/${partner.id}/escalations/${id}`;
    const suppressed = await member.request({ method: 'POST', url: `${url}/acknowledge` });
    expect(suppressed.statusCode).toBe(409);
    expect(suppressed.json().error.message).toBe('a suppressed escalation cannot be acknowledged');
    await evaluateArea(t.ctx, partner.id, area, [finding(area, 'feed_stale', 'low')]);
    await resolveArea(t, partner.id, area);
    expect((await member.request({ method: 'GET', url })).json().status).toBe('resolved');
    const resolved = await member.request({ method: 'POST', url: `${url}/acknowledge` });
    expect(resolved.statusCode).toBe(409);
    expect(resolved.json().error.message).toBe('a resolved escalation cannot be acknowledged');
  });

  it('lists by status, severity and partner: unresolved first, the resolved after', async () => {
    const { partner, member, id, base } = await partnerWithEscalation(t);
    const area = 'feed:menu' as const;
    const resolvedId = (await evaluateArea(t.ctx, partner.id, area, [
      finding(area, 'feed_stale', 'medium'),
    ])) as string;
    await resolveArea(t, partner.id, area);
    const ids = async (agent: Agent, url: string) =>
      (await agent.request({ method: 'GET', url })).json().map((e: { id: string }) => e.id);
    expect(await ids(member, `${base}?status=open`)).toEqual([id]);
    expect(await ids(member, `${base}?status=resolved`)).toEqual([resolvedId]);
    expect(await ids(member, base)).toEqual([id, resolvedId]);
    const other = await partnerWithEscalation(t);
    const staff = `/api/v1/escalations?partnerId=${partner.id}`;
    expect(await ids(consultant, staff)).toEqual([id]);
    expect(await ids(consultant, `${staff}&status=all`)).toEqual([id, resolvedId]);
    expect(await ids(consultant, `${staff}&status=all&severity=medium`)).toEqual([resolvedId]);
    expect(await ids(consultant, `/api/v1/escalations?partnerId=${other.partner.id}`)).toEqual([other.id]);
  });

  it('takes comments from members and staff, and names the bad field', async () => {
    const { member, url } = await partnerWithEscalation(t, 'medium');
    const posted = await member.request({
      method: 'POST',
      url: `${url}/comments`,
      payload: { body: 'Looking into it.\nRestarting the workers.' },
    });
    expect(posted.statusCode).toBe(201);
    expect(
      (await consultant.request({ method: 'POST', url: `${url}/comments`, payload: { body: 'Thanks' } }))
        .statusCode,
    ).toBe(201);
    const detail = (await member.request({ method: 'GET', url })).json();
    expect(detail.comments).toEqual([
      expect.objectContaining({ author: 'Mia Member', body: 'Looking into it.\nRestarting the workers.' }),
      expect.objectContaining({ author: 'Carl Consultant', body: 'Thanks' }),
    ]);
    const audits = await t.ctx.db
      .select({ action: auditEvents.action, actorUserId: auditEvents.actorUserId })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'health_escalation.commented'));
    expect(audits).toEqual(
      expect.arrayContaining([
        { action: 'health_escalation.commented', actorUserId: member.user.id },
        { action: 'health_escalation.commented', actorUserId: consultant.user.id },
      ]),
    );
    for (const payload of [{}, { body: '' }, { body: 'x'.repeat(10_001) }, { body: 3 }]) {
      const refused = await member.request({ method: 'POST', url: `${url}/comments`, payload });
      expect(refused.statusCode, JSON.stringify(payload)).toBe(400);
      expect(refused.json().error.field).toBe('body');
    }
  });

  it('pages on-call from an escalation once, for staff only', async () => {
    const { partner, member, id, url } = await partnerWithEscalation(t);
    expect((await member.request({ method: 'POST', url: `${url}/page` })).statusCode).toBe(403);
    const paged = await consultant.request({ method: 'POST', url: `${url}/page` });
    expect(paged.statusCode).toBe(201);
    const { pageId } = paged.json();
    const again = await admin.request({ method: 'POST', url: `${url}/page` });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ pageId });
    const [page] = await t.ctx.db.select().from(pages).where(eq(pages.id, pageId));
    const detail = (await member.request({ method: 'GET', url })).json();
    expect(page).toMatchObject({
      title: `Partner health #${detail.number} (${partner.name}): action:checkout critical`,
      source: 'switchboard/health',
      details: {
        escalationId: id,
        escalationNumber: detail.number,
        partnerId: partner.id,
        area: 'action:checkout',
        rules: ['burn_rate'],
      },
      dedupKey: `health-escalation:${id}`,
      severity: 'critical',
      status: 'triggered',
      createdBy: consultant.user.id,
    });
    expect(detail.pageId).toBe(pageId);
    const pagedEvents = detail.timeline.filter((e: { type: string }) => e.type === 'paged');
    expect(pagedEvents).toEqual([
      expect.objectContaining({
        actor: { id: consultant.user.id, name: 'Carl Consultant' },
        detail: { pageId, pageNumber: page?.number },
      }),
    ]);
    const [audit] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.partnerId, partner.id), eq(auditEvents.action, 'health_escalation.paged')));
    expect(audit).toMatchObject({ actorUserId: consultant.user.id, after: { pageId } });
  });

  it('pages nobody for a resolved escalation (409)', async () => {
    const partner = await buildPartner(t);
    const area = 'feed:menu' as const;
    const id = await evaluateArea(t.ctx, partner.id, area, [finding(area, 'feed_stale', 'low')]);
    await resolveArea(t, partner.id, area);
    const refused = await consultant.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/escalations/${id}/page`,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe('the escalation is resolved');
  });

  it('keeps the wall in the service too: another partner’s or a malformed id is not found', async () => {
    const a = await partnerWithEscalation(t, 'medium');
    const b = await partnerWithEscalation(t, 'medium');
    const notFound = { code: 'not_found', message: 'escalation not found' };
    const actor: Actor = {
      kind: 'token',
      token: { id: randomUUID(), name: 'ci', scope: 'partner_api', partnerId: b.partner.id },
    };
    await expect(acknowledgeEscalation(t.ctx, actor, b.partner.id, a.id)).rejects.toMatchObject(notFound);
    await expect(acknowledgeEscalation(t.ctx, actor, b.partner.id, 'nope')).rejects.toMatchObject(notFound);
    await expect(acknowledgeEscalation(t.ctx, actor, 'nope', a.id)).rejects.toMatchObject(notFound);
    expect((await a.member.request({ method: 'GET', url: a.url })).json().status).toBe('open');
    // A token's comment is signed with the token's name, as no user wrote it.
    await commentOnEscalation(t.ctx, actor, b.partner.id, b.id, 'Restarted by our pipeline');
    expect((await loadEscalationDetail(t.ctx, b.id)).comments).toEqual([
      expect.objectContaining({ author: 'token:ci', body: 'Restarted by our pipeline' }),
    ]);
  });

  it('lets only a platform admin disable the integration from an escalation, audited', async () => {
    const { partner, member, url } = await partnerWithEscalation(t);
    expect(
      (await consultant.request({ method: 'POST', url: `${url}/disable-integration`, payload: {} }))
        .statusCode,
    ).toBe(403);
    expect(
      (await member.request({ method: 'POST', url: `${url}/disable-integration`, payload: {} })).statusCode,
    ).toBe(403);
    const disabled = await admin.request({
      method: 'POST',
      url: `${url}/disable-integration`,
      payload: { reason: 'Checkout down for an hour' },
    });
    expect(disabled.statusCode).toBe(200);
    const [after] = await t.ctx.db.select().from(partners).where(eq(partners.id, partner.id));
    expect(after).toMatchObject({ integrationState: 'disabled', stateReason: 'Checkout down for an hour' });
    const [audit] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.partnerId, partner.id), eq(auditEvents.action, 'integration.disabled')));
    expect(audit?.actorUserId).toBe(admin.user.id);
    const detail = (await member.request({ method: 'GET', url })).json();
    expect(detail.timeline.at(-1)).toMatchObject({
      type: 'integration_disabled',
      actor: { name: 'Ada Admin' },
      detail: { reason: 'Checkout down for an hour', automatic: false },
    });
    expect(
      (await admin.request({ method: 'POST', url: `${url}/disable-integration`, payload: {} })).statusCode,
    ).toBe(409);
  });
});
