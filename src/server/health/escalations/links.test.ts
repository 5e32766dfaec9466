import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../tests/support/databases.js';
import { escalationLinkToken, partnerWithEscalation } from '../../../../tests/support/health-escalations.js';
import { useTestApp } from '../../../../tests/support/test-app.js';
import { auditEvents } from '../../db/schema/index.js';
import { HOUR } from '../../lib/clock.js';
import { evaluateArea, finding } from './fixtures.js';

/**
 * The acknowledge link mailed with an escalation's notices: described without being used, used once, refused from
 * its expiry, and unusable once the escalation was acknowledged otherwise.
 */
describeEachDatabase('health escalation email links', (kind) => {
  const t = useTestApp(kind);

  it('acknowledges by the email link: GET describes without using it, POST uses it once', async () => {
    const { partner, member, contact, url } = await partnerWithEscalation(t);
    const token = await escalationLinkToken(t, contact.email);
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
    const again = await t.app.inject({ method: 'POST', url: link });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('this link was already used');
    expect((await t.app.inject({ method: 'GET', url: link })).json().usable).toBe(false);
    const timeline = (await member.request({ method: 'GET', url })).json().timeline;
    expect(timeline.at(-1)).toMatchObject({
      type: 'acknowledged',
      actor: null,
      contact: { id: contact.id, name: 'Otto Oncall' },
      detail: { via: 'email_link', by: 'system' },
    });
    const [audit] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.partnerId, partner.id), eq(auditEvents.action, 'health_escalation.acknowledged')),
      );
    expect(audit).toMatchObject({ actorUserId: null, after: { contactId: contact.id } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/escalation-links/nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe('link not found');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/escalation-links/nope' })).statusCode).toBe(
      404,
    );
  });

  it('refuses a link from the moment it expires (409)', async () => {
    const { contact } = await partnerWithEscalation(t, 'medium');
    const link = `/api/v1/escalation-links/${await escalationLinkToken(t, contact.email)}`;
    const usable = async () => (await t.app.inject({ method: 'GET', url: link })).json().usable;
    t.clock.advance(7 * 24 * HOUR - 1);
    expect(await usable()).toBe(true);
    t.clock.advance(1);
    expect(await usable()).toBe(false);
    const expired = await t.app.inject({ method: 'POST', url: link });
    expect(expired.statusCode).toBe(409);
    expect(expired.json().error.message).toBe('this link has expired');
  });

  it('shows a link unusable once the escalation was acknowledged otherwise, and a used one after a raise', async () => {
    const first = await partnerWithEscalation(t, 'medium');
    const unused = `/api/v1/escalation-links/${await escalationLinkToken(t, first.contact.email)}`;
    await first.member.request({ method: 'POST', url: `${first.url}/acknowledge` });
    expect((await t.app.inject({ method: 'GET', url: unused })).json()).toMatchObject({
      usable: false,
      escalation: { status: 'acknowledged' },
    });
    const refused = await t.app.inject({ method: 'POST', url: unused });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe('the escalation is already acknowledged');

    const second = await partnerWithEscalation(t, 'medium');
    const used = `/api/v1/escalation-links/${await escalationLinkToken(t, second.contact.email)}`;
    expect((await t.app.inject({ method: 'POST', url: used })).statusCode).toBe(200);
    // Raised, the escalation is open again and needs a new acknowledgement, which the used link cannot give.
    await evaluateArea(t.ctx, second.partner.id, 'action:checkout', [
      finding('action:checkout', 'burn_rate', 'critical'),
    ]);
    expect((await t.app.inject({ method: 'GET', url: used })).json()).toMatchObject({
      usable: false,
      escalation: { status: 'open', severity: 'critical' },
    });
  });
});
