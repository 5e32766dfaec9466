import { and, eq, like } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser, unique } from '../../../../tests/support/factories.js';
import { useTestApp } from '../../../../tests/support/test-app.js';
import type { ContactRole } from '../../../shared/contacts.js';
import { auditEvents, contacts, jobs, notifications, pages, partners } from '../../db/schema/index.js';
import { HOUR, MINUTE } from '../../lib/clock.js';
import { evaluateArea, finding } from './fixtures.js';

/** The escalation API: partner and staff views, acknowledging (in the app and by email link), comments, actions. */
describeEachDatabase('health escalation routes', (kind) => {
  const t = useTestApp(kind);
  let admin: Agent;
  let consultant: Agent;

  // Signed in for each test: the link tests move the clock past a session's life.
  beforeEach(async () => {
    admin = await signedInUser(t, { role: 'admin', name: 'Ada Admin' });
    consultant = await signedInUser(t, { role: 'consultant', name: 'Carl Consultant' });
  });

  async function partnerWithEscalation(
    severity: 'critical' | 'medium' = 'critical',
    role: ContactRole = 'alert',
  ) {
    const partner = await buildPartner(t, { name: unique('Burger Hub') });
    const member = await signedInUser(t, {
      role: 'partner_member',
      partnerId: partner.id,
      name: 'Mia Member',
    });
    const now = t.clock.now();
    const [contact] = await t.ctx.db
      .insert(contacts)
      .values({
        partnerId: partner.id,
        role,
        name: 'Otto Oncall',
        email: `${unique('oncall')}@example.test`,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const id = (await evaluateArea(t.ctx, partner.id, 'action:checkout', [
      finding('action:checkout', 'burn_rate', severity),
    ])) as string;
    await t.worker.runDue();
    const base = `/api/v1/partners/${partner.id}/escalations`;
    return {
      partner,
      member,
      contact: contact as typeof contacts.$inferSelect,
      id,
      base,
      url: `${base}/${id}`,
    };
  }

  /** The acknowledge link's token from the last notice mailed to the contact. */
  async function linkToken(email: string) {
    const rows = await t.ctx.db
      .select({ body: notifications.body })
      .from(notifications)
      .where(and(eq(notifications.recipient, email), like(notifications.template, 'health_escalation%')));
    const token = rows.at(-1)?.body.match(/\/escalation-links\/([A-Za-z0-9_-]+)/)?.[1];
    if (!token) throw new Error('no link in the mail');
    return token;
  }

  it('shows partner members their escalations with the timeline, and staff every partner’s, open first', async () => {
    const { partner, member, id, base, url } = await partnerWithEscalation();
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

    const medium = await partnerWithEscalation('medium');
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
    const a = await partnerWithEscalation();
    const b = await partnerWithEscalation();
    expect((await b.member.request({ method: 'GET', url: a.url })).statusCode).toBe(404);
    expect((await b.member.request({ method: 'GET', url: `${b.base}/${a.id}` })).statusCode).toBe(404);
    expect(
      (await b.member.request({ method: 'POST', url: `${b.base}/${a.id}/acknowledge` })).statusCode,
    ).toBe(404);
    expect((await admin.request({ method: 'POST', url: `${b.base}/${a.id}/page` })).statusCode).toBe(404);
  });

  it('lets a member acknowledge once, which stops the notices; a second acknowledgement is 409', async () => {
    const { partner, member, contact, url } = await partnerWithEscalation();
    const acknowledged = await member.request({ method: 'POST', url: `${url}/acknowledge` });
    expect(acknowledged.statusCode).toBe(200);
    expect(acknowledged.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'Mia Member' });
    expect((await member.request({ method: 'POST', url: `${url}/acknowledge` })).statusCode).toBe(409);
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
    expect(audit?.actorUserId).toBe(member.user.id);
  });

  it('refuses to acknowledge a suppressed or resolved escalation (409)', async () => {
    const partner = await buildPartner(t);
    const member = await signedInUser(t, { role: 'partner_member', partnerId: partner.id });
    const area = 'feed:menu' as const;
    const id = await evaluateArea(t.ctx, partner.id, area, [finding(area, 'feed_stale', 'low')], {
      integration: 'paused',
    });
    const url = `/api/v1/partners/${partner.id}/escalations/${id}`;
    expect((await member.request({ method: 'POST', url: `${url}/acknowledge` })).statusCode).toBe(409);
    await evaluateArea(t.ctx, partner.id, area, [finding(area, 'feed_stale', 'low')]);
    await evaluateArea(t.ctx, partner.id, area, []);
    t.clock.advance(20 * MINUTE);
    await evaluateArea(t.ctx, partner.id, area, []);
    expect((await member.request({ method: 'GET', url })).json().status).toBe('resolved');
    expect((await member.request({ method: 'POST', url: `${url}/acknowledge` })).statusCode).toBe(409);
  });

  it('acknowledges by the email link: GET describes without using it, POST uses it once', async () => {
    const { member, contact, url } = await partnerWithEscalation();
    const token = await linkToken(contact.email);
    const link = `/api/v1/escalation-links/${token}`;
    for (let i = 0; i < 2; i++) {
      const described = await t.app.inject({ method: 'GET', url: link });
      expect(described.statusCode).toBe(200);
      expect(described.json()).toMatchObject({
        action: 'acknowledge',
        usable: true,
        escalation: { status: 'open' },
      });
    }
    const used = await t.app.inject({ method: 'POST', url: link });
    expect(used.statusCode).toBe(200);
    expect(used.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'Otto Oncall' });
    expect((await t.app.inject({ method: 'POST', url: link })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'GET', url: link })).json().usable).toBe(false);
    const timeline = (await member.request({ method: 'GET', url })).json().timeline;
    expect(timeline.at(-1)).toMatchObject({ type: 'acknowledged', contact: { name: 'Otto Oncall' } });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/escalation-links/nope' })).statusCode).toBe(
      404,
    );
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/escalation-links/nope' })).statusCode).toBe(
      404,
    );
  });

  it('refuses an expired link (409)', async () => {
    const { contact } = await partnerWithEscalation('medium');
    const token = await linkToken(contact.email);
    t.clock.advance(7 * 24 * HOUR + MINUTE);
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/v1/escalation-links/${token}` })).statusCode,
    ).toBe(409);
  });

  it('takes comments from members and staff, and names the bad field', async () => {
    const { member, url } = await partnerWithEscalation('medium');
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
    for (const payload of [{}, { body: '' }, { body: 'x'.repeat(10_001) }, { body: 3 }]) {
      const refused = await member.request({ method: 'POST', url: `${url}/comments`, payload });
      expect(refused.statusCode, JSON.stringify(payload)).toBe(400);
      expect(refused.json().error.field).toBe('body');
    }
  });

  it('pages on-call from an escalation once, for staff only', async () => {
    const { member, id, url } = await partnerWithEscalation();
    expect((await member.request({ method: 'POST', url: `${url}/page` })).statusCode).toBe(403);
    const paged = await consultant.request({ method: 'POST', url: `${url}/page` });
    expect(paged.statusCode).toBe(201);
    const { pageId } = paged.json();
    const again = await admin.request({ method: 'POST', url: `${url}/page` });
    expect(again.json()).toEqual({ pageId });
    const [page] = await t.ctx.db.select().from(pages).where(eq(pages.id, pageId));
    expect(page).toMatchObject({
      dedupKey: `health-escalation:${id}`,
      severity: 'critical',
      status: 'triggered',
    });
    const detail = (await member.request({ method: 'GET', url })).json();
    expect(detail.pageId).toBe(pageId);
    expect(detail.timeline.filter((e: { type: string }) => e.type === 'paged')).toHaveLength(1);
  });

  it('lets only a platform admin disable the integration from an escalation, audited', async () => {
    const { partner, member, url } = await partnerWithEscalation();
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
    });
    expect(
      (await admin.request({ method: 'POST', url: `${url}/disable-integration`, payload: {} })).statusCode,
    ).toBe(409);
  });
});
