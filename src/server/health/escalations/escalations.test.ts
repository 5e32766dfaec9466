import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../tests/support/databases.js';
import { buildPartner } from '../../../../tests/support/factories.js';
import { useEscalationApp } from '../../../../tests/support/health-escalations.js';
import { waitForMail } from '../../../../tests/support/smtp.js';
import type { TestApp } from '../../../../tests/support/test-app.js';
import { healthEscalations, partners } from '../../db/schema/index.js';
import { notificationPlan } from '../notification-plan.js';
import { DEFAULT_RULE_SETTINGS } from '../rules/settings.js';
import { AUTO_DISABLE_SETTINGS, evaluateArea, finding } from './fixtures.js';
import { dueSteps } from './notices.js';

/** Escalations as the evaluator drives them: decisions applied, the notification plan on the clock, the mails. */
describeEachDatabase('health escalations', (kind) => {
  const app = useEscalationApp(kind);
  let t: TestApp;
  beforeAll(() => {
    t = app.t;
  });
  const { contact, sent, sentTo, timeline, escalation, noticeJobs, runJobOnce, advance } = app;

  describe('applying decisions', () => {
    it('opens one escalation with its evidence and timeline, and queues the first notice', async () => {
      const partner = await buildPartner(t);
      const id = await evaluateArea(t.ctx, partner.id, 'action:checkout', [
        finding('action:checkout', 'burn_rate', 'high', { shortRatio: 0.2 }),
      ]);
      const row = await escalation(id as string);
      expect(row).toMatchObject({
        status: 'open',
        severity: 'high',
        rules: ['burn_rate'],
        evidence: { burn_rate: { shortRatio: 0.2 } },
      });
      const events = await timeline(row?.id as string);
      expect(events.map((e) => e.type)).toEqual(['opened']);
      expect(events[0]?.detail).toMatchObject({ planId: row?.planId, findings: [{ rule: 'burn_rate' }] });
      expect(await noticeJobs(row?.id as string)).toEqual([
        { key: `health-escalation:${row?.id}:${row?.planId}:0`, runAt: t.clock.now(), status: 'queued' },
      ]);
    });

    it('joins new evidence into the open escalation instead of opening another, without notifying again', async () => {
      const partner = await buildPartner(t);
      const alert = await contact(partner.id, 'alert');
      const id = await evaluateArea(t.ctx, partner.id, 'feed:menu', [
        finding('feed:menu', 'feed_stale', 'medium'),
      ]);
      await t.worker.runDue();
      const again = await evaluateArea(t.ctx, partner.id, 'feed:menu', [
        finding('feed:menu', 'feed_stale', 'medium'),
        finding('feed:menu', 'feed_errors', 'low', { errorDays: 3 }),
      ]);
      expect(again).toBe(id);
      const rows = await t.ctx.db
        .select()
        .from(healthEscalations)
        .where(eq(healthEscalations.partnerId, partner.id));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ severity: 'medium', rules: ['feed_stale', 'feed_errors'] });
      expect(rows[0]?.evidence).toHaveProperty('feed_errors', { errorDays: 3 });
      expect((await timeline(id as string)).map((e) => e.type)).toEqual(['opened', 'notified', 'evidence']);
      await advance(1);
      expect(await sentTo(partner.id, alert.email)).toEqual(['health_escalation_opened']);
    });

    it('starts a new plan when the severity is raised: the old plan’s timers find another planId', async () => {
      const partner = await buildPartner(t);
      const tech = await contact(partner.id, 'technical_emergency');
      const id = (await evaluateArea(t.ctx, partner.id, 'action:submit_order', [
        finding('action:submit_order', 'latency', 'high'),
      ])) as string;
      await t.worker.runDue();
      const first = await escalation(id);
      await advance(30);
      await evaluateArea(t.ctx, partner.id, 'action:submit_order', [
        finding('action:submit_order', 'hard_down', 'critical', { failures: 9 }),
      ]);
      const raised = await escalation(id);
      expect(raised?.planId).not.toBe(first?.planId);
      expect(raised).toMatchObject({ severity: 'critical', planStartedAt: t.clock.now() });
      await t.worker.runDue();
      expect(await sentTo(partner.id, tech.email)).toEqual([
        'health_escalation_opened',
        'health_escalation_raised',
      ]);
      // The old hourly plan would send at its minute 60; the new critical plan sends at its own 15 and 30.
      await advance(15);
      await advance(15);
      expect(await sentTo(partner.id, tech.email)).toEqual([
        'health_escalation_opened',
        'health_escalation_raised',
        'health_escalation_reminder',
        'health_escalation_reminder',
      ]);
      const raisedEvents = (await timeline(id)).filter((e) => e.type === 'raised');
      expect(raisedEvents.map((e) => e.detail)).toEqual([
        expect.objectContaining({ from: 'high', severity: 'critical', planId: raised?.planId }),
      ]);
      // A timer of the replaced plan that was already running when the raise came sends nothing.
      const stale = { escalationId: id, planId: first?.planId, minute: 60 };
      expect(await runJobOnce('health.escalation-notice', stale)).toBe('done');
      expect(await sentTo(partner.id, tech.email)).toHaveLength(4);
    });

    it('resolves after the clear period, stops the timers and tells the contacts in their language', async () => {
      const partner = await buildPartner(t, { name: 'Wok Express' });
      const alert = await contact(partner.id, 'alert', 'de');
      const ops = await contact(partner.id, 'operations');
      const id = (await evaluateArea(t.ctx, partner.id, 'merchants', [
        finding('merchants', 'merchants_serving', 'critical', { servingShare: 0.2 }),
      ])) as string;
      await t.worker.runDue();
      await evaluateArea(t.ctx, partner.id, 'merchants', []);
      expect((await escalation(id))?.clearSince).toEqual(t.clock.now());
      await advance(DEFAULT_RULE_SETTINGS.escalation.autoResolveMinutes);
      await evaluateArea(t.ctx, partner.id, 'merchants', []);
      expect(await escalation(id)).toMatchObject({ status: 'resolved', resolvedAt: t.clock.now() });
      expect((await noticeJobs(id)).filter((j) => j.status === 'queued')).toEqual([]);
      await t.worker.runDue();
      expect(await sentTo(partner.id, alert.email)).toEqual([
        'health_escalation_opened',
        'health_escalation_reminder',
        'health_escalation_resolved',
      ]);
      expect(await sentTo(partner.id, ops.email)).toEqual([]); // never reached, not an alert contact
      const mail = await waitForMail(
        app.smtp.received,
        (m) => m.to.includes(alert.email) && m.subject.startsWith('Behoben'),
      );
      expect(mail.subject).toBe(
        `Behoben: Wok Express, aktive Händler (Eskalation #${(await escalation(id))?.number})`,
      );
      expect(mail.text).toContain('Es ist nichts weiter zu tun.');
      expect(mail.text).toContain('— Switchboard, Partner-Support');
      expect((await timeline(id)).map((e) => e.type)).toContain('resolution_sent');
    });

    it('records a condition of a paused integration as suppressed and sends nothing; resuming opens that row', async () => {
      const partner = await buildPartner(t);
      const alert = await contact(partner.id, 'alert');
      const f = [finding('action:order_update', 'error_increase', 'medium')];
      const id = await evaluateArea(t.ctx, partner.id, 'action:order_update', f, { integration: 'paused' });
      expect(await escalation(id as string)).toMatchObject({ status: 'suppressed' });
      expect(await noticeJobs(id as string)).toEqual([]);
      await advance(1);
      expect(await sent(partner.id)).toEqual([]);
      expect((await timeline(id as string)).map((e) => e.type)).toEqual(['suppressed']);

      expect(await evaluateArea(t.ctx, partner.id, 'action:order_update', f)).toBe(id);
      expect(await escalation(id as string)).toMatchObject({ status: 'open' });
      const [suppressed, opened] = await timeline(id as string);
      expect(suppressed?.detail).not.toHaveProperty('plan');
      expect(suppressed?.detail).not.toHaveProperty('wasSuppressed');
      expect(opened?.detail).toMatchObject({ wasSuppressed: true, severity: 'medium' });
      await t.worker.runDue();
      expect(await sentTo(partner.id, alert.email)).toEqual(['health_escalation_opened']);
    });

    it('records that nobody could be reached when the partner has no contact of the role', async () => {
      const partner = await buildPartner(t);
      const id = (await evaluateArea(t.ctx, partner.id, 'feed:service', [
        finding('feed:service', 'feed_stale', 'low'),
      ])) as string;
      await t.worker.runDue();
      const events = await timeline(id);
      expect(events.map((e) => e.type)).toEqual(['opened', 'no_contacts']);
      expect(events[1]?.detail).toMatchObject({ role: 'alert', minute: 0 });
    });

    it('disables the integration as the system when a hard-down opens and the setting asks for it', async () => {
      const partner = await buildPartner(t);
      const id = (await evaluateArea(
        t.ctx,
        partner.id,
        'action:checkout',
        [finding('action:checkout', 'hard_down', 'critical')],
        { settings: AUTO_DISABLE_SETTINGS },
      )) as string;
      await t.worker.runDue();
      const [after] = await t.ctx.db.select().from(partners).where(eq(partners.id, partner.id));
      expect(after?.integrationState).toBe('disabled');
      const disabled = (await timeline(id)).find((e) => e.type === 'integration_disabled');
      expect(disabled?.detail).toMatchObject({ automatic: true });
    });
  });

  describe('the notification plan', () => {
    it('critical: technical emergency and alert contacts every 15 minutes, operations only after an hour', async () => {
      const partner = await buildPartner(t);
      const tech = await contact(partner.id, 'technical_emergency', 'en', 'https://hooks.example.test/tech');
      const alert = await contact(partner.id, 'alert');
      const ops = await contact(partner.id, 'operations');
      const id = (await evaluateArea(t.ctx, partner.id, 'action:checkout', [
        finding('action:checkout', 'burn_rate', 'critical'),
      ])) as string;
      await t.worker.runDue();
      const emailsTo = async (email: string) => (await sentTo(partner.id, email)).length;
      expect([await emailsTo(tech.email), await emailsTo(alert.email), await emailsTo(ops.email)]).toEqual([
        1, 1, 0,
      ]);
      expect((await sent(partner.id)).filter((n) => n.channel === 'webhook')).toHaveLength(1);

      await advance(14);
      expect(await emailsTo(tech.email)).toBe(1);
      await advance(1); // minute 15
      expect([await emailsTo(tech.email), await emailsTo(alert.email)]).toEqual([2, 2]);
      await advance(15); // minute 30
      expect([await emailsTo(tech.email), await emailsTo(alert.email), await emailsTo(ops.email)]).toEqual([
        3, 3, 0,
      ]);
      await advance(15); // 45
      await advance(14); // 59
      expect(await emailsTo(ops.email)).toBe(0);
      await advance(1); // 60
      expect([await emailsTo(tech.email), await emailsTo(ops.email)]).toEqual([5, 1]);
      const notified = (await timeline(id)).filter((e) => e.type === 'notified' && e.contactId === tech.id);
      expect(notified.map((e) => e.detail.repeat)).toEqual([0, 1, 2, 3, 4]);
      expect(notified[4]?.detail).toMatchObject({
        role: 'technical_emergency',
        severity: 'critical',
        minute: 60,
      });

      // A timer that fires once the escalation is acknowledged sends nothing (routes.test.ts acknowledges for real).
      await t.ctx.db
        .update(healthEscalations)
        .set({ status: 'acknowledged' })
        .where(eq(healthEscalations.id, id));
      const before = (await sent(partner.id)).length;
      await advance(15);
      await advance(60);
      expect((await sent(partner.id)).length).toBe(before);
    });

    it('does nothing for a stale plan or a minute it already sent (a repeated run after a crash)', async () => {
      const partner = await buildPartner(t);
      const tech = await contact(partner.id, 'technical_emergency');
      const id = (await evaluateArea(t.ctx, partner.id, 'action:checkout', [
        finding('action:checkout', 'latency', 'high'),
      ])) as string;
      await t.worker.runDue();
      const row = await escalation(id);
      const rerun = (planId: string, minute: number) =>
        runJobOnce('health.escalation-notice', { escalationId: id, planId, minute });
      expect(await rerun(row?.planId as string, 0)).toBe('done');
      expect(await rerun('00000000-0000-4000-8000-000000000000', 60)).toBe('done');
      expect(await sentTo(partner.id, tech.email)).toEqual(['health_escalation_opened']);
    });

    it('high: the technical emergency contact hourly; medium: the alert contacts by email once', async () => {
      const partner = await buildPartner(t);
      const tech = await contact(partner.id, 'technical_emergency');
      const alert = await contact(partner.id, 'alert', 'en', 'https://hooks.example.test/alert');
      await evaluateArea(t.ctx, partner.id, 'action:checkout', [
        finding('action:checkout', 'burn_rate', 'high'),
      ]);
      await evaluateArea(t.ctx, partner.id, 'feed:menu', [finding('feed:menu', 'feed_stale', 'medium')]);
      await t.worker.runDue();
      await advance(59);
      expect(await sentTo(partner.id, tech.email)).toHaveLength(1);
      await advance(1);
      expect(await sentTo(partner.id, tech.email)).toHaveLength(2);
      await advance(60);
      expect(await sentTo(partner.id, tech.email)).toHaveLength(3);
      // Medium goes by email only, though the alert contact has a webhook, and only once.
      expect(await sentTo(partner.id, alert.email)).toEqual(['health_escalation_opened']);
      expect((await sent(partner.id)).filter((n) => n.channel === 'webhook')).toEqual([]);
    });

    it('writes to each contact in their own language, with the evidence and both links', async () => {
      const partner = await buildPartner(t, { name: 'Pizza Nord' });
      const de = await contact(partner.id, 'alert', 'de');
      const fr = await contact(partner.id, 'alert', 'fr');
      const en = await contact(partner.id, 'alert', 'en');
      const id = (await evaluateArea(t.ctx, partner.id, 'feed:menu', [
        finding('feed:menu', 'feed_stale', 'medium', { hoursSinceClean: 30 }),
      ])) as string;
      await t.worker.runDue();
      const number = (await escalation(id))?.number;
      const german = await waitForMail(app.smtp.received, (m) => m.to.includes(de.email));
      expect(german.subject).toBe(
        `[mittel] Pizza Nord: Problem bei Speisekarten-Feed erkannt (Eskalation #${number})`,
      );
      expect(german.text).toContain('- feed_stale: hoursSinceClean=30');
      expect(german.text).toContain(`/partners/${partner.id}/health`);
      expect(german.text).toMatch(/\/escalation-links\/[A-Za-z0-9_-]{43}/);
      const french = await waitForMail(app.smtp.received, (m) => m.to.includes(fr.email));
      expect(french.subject).toBe(
        `[moyenne] Pizza Nord : problème détecté sur flux menus (escalade n° ${number})`,
      );
      const english = await waitForMail(app.smtp.received, (m) => m.to.includes(en.email));
      expect(english.subject).toBe(
        `[medium] Pizza Nord: problem detected with menu feed (escalation #${number})`,
      );
    });
  });
});

describe('dueSteps', () => {
  const plan = notificationPlan('critical', DEFAULT_RULE_SETTINGS.escalation);
  it('sends a late timer’s backlog once, as of the latest minute that fell due', () => {
    expect(dueSteps(plan, 15, 15)).toEqual({ steps: plan.slice(0, 2), minute: 15 });
    const late = dueSteps(plan, 15, 64);
    expect(late.minute).toBe(60);
    expect(late.steps.map((s) => s.role).sort()).toEqual(['alert', 'operations', 'technical_emergency']);
  });

  it('counts a step due exactly at the elapsed minute as due', () => {
    expect(dueSteps(plan, 15, 30).minute).toBe(30);
    expect(dueSteps(plan, 15, 29).minute).toBe(15);
  });
});
