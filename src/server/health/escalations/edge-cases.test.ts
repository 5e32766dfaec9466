import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../tests/support/databases.js';
import { buildPartner } from '../../../../tests/support/factories.js';
import { useEscalationApp } from '../../../../tests/support/health-escalations.js';
import type { TestApp } from '../../../../tests/support/test-app.js';
import type { Finding } from '../../../shared/health.js';
import { jobs, partners } from '../../db/schema/index.js';
import { MINUTE } from '../../lib/clock.js';
import { DEFAULT_RULE_SETTINGS } from '../rules/settings.js';
import { currentEscalations } from './apply.js';
import { AUTO_DISABLE_SETTINGS, evaluateArea, finding, resolveArea } from './fixtures.js';

/** Escalations where a rule turns: stale reads, suppression, auto-disable, timers run twice, resolution recipients. */
describeEachDatabase('health escalations at the edges', (kind) => {
  const app = useEscalationApp(kind);
  let t: TestApp;
  beforeAll(() => {
    t = app.t;
  });
  const { contact, sentTo, timeline, escalation, noticeJobs, runJobOnce, advance } = app;

  describe('decisions at the edges', () => {
    const integrationOf = async (partnerId: string) =>
      (await t.ctx.db.select().from(partners).where(eq(partners.id, partnerId)))[0]?.integrationState;
    /** An evaluation with these findings under settings that disable the integration on a hard-down. */
    const evaluateWithAutoDisable = async (
      partnerId: string,
      findings: [Finding, ...Finding[]],
      integration: 'active' | 'paused' = 'active',
    ) =>
      (await evaluateArea(t.ctx, partnerId, findings[0].area, findings, {
        settings: AUTO_DISABLE_SETTINGS,
        integration,
      })) as string;
    const hardDown = (area: 'action:checkout' | 'action:submit_order' = 'action:checkout') =>
      finding(area, 'hard_down', 'critical');
    const autoDisableJobs = (id: string) =>
      t.ctx.db
        .select({ name: jobs.name, status: jobs.status })
        .from(jobs)
        .where(eq(jobs.singletonKey, `health-escalation-auto-disable:${id}`));

    it('opens a new escalation, under the next number, once the last one of the area resolved', async () => {
      const partner = await buildPartner(t);
      const f = [finding('feed:menu', 'feed_stale', 'low')];
      const first = (await evaluateArea(t.ctx, partner.id, 'feed:menu', f)) as string;
      await resolveArea(t, partner.id, 'feed:menu');
      expect(await currentEscalations(t.ctx.db, partner.id)).toEqual(new Map());
      const second = (await evaluateArea(t.ctx, partner.id, 'feed:menu', f)) as string;
      expect(second).not.toBe(first);
      expect((await escalation(second))?.number).toBeGreaterThan((await escalation(first))?.number as number);
      expect(await escalation(first)).toMatchObject({ status: 'resolved' });
    });

    it('changes nothing when the escalation it decided about was resolved meanwhile', async () => {
      const partner = await buildPartner(t);
      const area = 'action:checkout' as const;
      const id = (await evaluateArea(t.ctx, partner.id, area, [
        finding(area, 'latency', 'medium'),
      ])) as string;
      const stale = (await currentEscalations(t.ctx.db, partner.id)).get(area) ?? null;
      await resolveArea(t, partner.id, area);
      const before = await escalation(id);
      // A raise decided on the stale read would join the escalation; resolved meanwhile, it is left alone.
      await evaluateArea(t.ctx, partner.id, area, [finding(area, 'burn_rate', 'critical')], {
        current: stale,
      });
      expect(await escalation(id)).toEqual(before);
      expect((await timeline(id)).map((e) => e.type)).toEqual(['opened', 'resolved']);
      expect(await currentEscalations(t.ctx.db, partner.id)).toEqual(new Map());
    });

    it('forgets the clear period when the condition comes back before it ends', async () => {
      const partner = await buildPartner(t);
      const f = [finding('merchants', 'merchants_serving', 'high')];
      const id = (await evaluateArea(t.ctx, partner.id, 'merchants', f)) as string;
      await evaluateArea(t.ctx, partner.id, 'merchants', []);
      expect((await escalation(id))?.clearSince).toEqual(t.clock.now());
      t.clock.advance(5 * MINUTE);
      await evaluateArea(t.ctx, partner.id, 'merchants', f);
      expect(await escalation(id)).toMatchObject({ status: 'open', clearSince: null });
      expect((await timeline(id)).map((e) => e.type)).toEqual(['opened']);
    });

    it('resolves a suppressed escalation without telling anyone', async () => {
      const partner = await buildPartner(t);
      const alert = await contact(partner.id, 'alert');
      const area = 'feed:service' as const;
      const id = (await evaluateArea(t.ctx, partner.id, area, [finding(area, 'feed_stale', 'medium')], {
        integration: 'paused',
      })) as string;
      await resolveArea(t, partner.id, area);
      await t.worker.runDue();
      expect(await escalation(id)).toMatchObject({ status: 'resolved', resolvedAt: t.clock.now() });
      const resolved = (await timeline(id)).find((e) => e.type === 'resolved');
      expect(resolved?.detail).toEqual({
        clearSince: new Date(
          t.clock.now().getTime() - DEFAULT_RULE_SETTINGS.escalation.autoResolveMinutes * MINUTE,
        ).toISOString(),
        notify: false,
      });
      expect(await sentTo(partner.id, alert.email)).toEqual([]);
    });

    it('opens a suppressed, then raised escalation as opened, not raised, when the integration is back', async () => {
      const partner = await buildPartner(t);
      const tech = await contact(partner.id, 'technical_emergency');
      const area = 'action:checkout' as const;
      const id = (await evaluateArea(t.ctx, partner.id, area, [finding(area, 'latency', 'low')], {
        integration: 'paused',
      })) as string;
      await evaluateArea(t.ctx, partner.id, area, [finding(area, 'latency', 'high')], {
        integration: 'paused',
      });
      expect((await timeline(id)).map((e) => e.type)).toEqual(['suppressed', 'raised']);
      expect(await noticeJobs(id)).toEqual([]);
      await evaluateArea(t.ctx, partner.id, area, [finding(area, 'latency', 'high')]);
      await t.worker.runDue();
      expect(await sentTo(partner.id, tech.email)).toEqual(['health_escalation_opened']);
    });

    it('disables the integration for a hard-down among other findings, once, under its own job', async () => {
      const partner = await buildPartner(t);
      const id = await evaluateWithAutoDisable(partner.id, [
        finding('action:checkout', 'burn_rate', 'critical'),
        hardDown(),
      ]);
      expect(await autoDisableJobs(id)).toEqual([
        { name: 'health.escalation-auto-disable', status: 'queued' },
      ]);
      await t.worker.runDue();
      expect(await integrationOf(partner.id)).toBe('disabled');
      // Enabled again by hand, a repeated run of the same timer (at-least-once delivery) leaves it enabled.
      await t.ctx.db.update(partners).set({ integrationState: 'active' }).where(eq(partners.id, partner.id));
      expect(await runJobOnce('health.escalation-auto-disable', { escalationId: id })).toBe('done');
      expect(await integrationOf(partner.id)).toBe('active');
      expect((await timeline(id)).filter((e) => e.type === 'integration_disabled')).toHaveLength(1);
    });

    it('leaves the integration alone without a hard-down, while paused, or once the escalation resolved', async () => {
      const slow = await buildPartner(t);
      const latency = await evaluateWithAutoDisable(slow.id, [
        finding('action:checkout', 'latency', 'critical'),
      ]);
      expect(await autoDisableJobs(latency)).toEqual([]);

      const paused = await buildPartner(t, { integrationState: 'paused' });
      const suppressed = await evaluateWithAutoDisable(paused.id, [hardDown()], 'paused');
      expect(await autoDisableJobs(suppressed)).toEqual([]);

      const recovered = await buildPartner(t);
      const resolvedId = await evaluateWithAutoDisable(recovered.id, [hardDown()]);
      await resolveArea(t, recovered.id, 'action:checkout');
      await t.worker.runDue();
      expect(await autoDisableJobs(resolvedId)).toEqual([
        { name: 'health.escalation-auto-disable', status: 'done' },
      ]);
      expect([
        await integrationOf(slow.id),
        await integrationOf(paused.id),
        await integrationOf(recovered.id),
      ]).toEqual(['active', 'paused', 'active']);
    });

    it('lets a second hard-down find the integration disabled already: its timer ends quietly', async () => {
      const partner = await buildPartner(t);
      const checkout = await evaluateWithAutoDisable(partner.id, [hardDown()]);
      const orders = await evaluateWithAutoDisable(partner.id, [hardDown('action:submit_order')]);
      await t.worker.runDue();
      expect(await integrationOf(partner.id)).toBe('disabled');
      expect([...(await autoDisableJobs(checkout)), ...(await autoDisableJobs(orders))]).toEqual([
        { name: 'health.escalation-auto-disable', status: 'done' },
        { name: 'health.escalation-auto-disable', status: 'done' },
      ]);
      const disabledOn = [checkout, orders].map(async (id) =>
        (await timeline(id)).some((e) => e.type === 'integration_disabled'),
      );
      expect((await Promise.all(disabledOn)).sort()).toEqual([false, true]);
    });
  });

  describe('the notice timers at the edges', () => {
    const runNotice = (payload: Record<string, unknown>) => runJobOnce('health.escalation-notice', payload);

    it('ends quietly for an escalation that is not there', async () => {
      const planId = '00000000-0000-4000-8000-000000000000';
      expect(
        await runNotice({ escalationId: '00000000-0000-4000-8000-000000000001', planId, minute: 0 }),
      ).toBe('done');
      expect(await runNotice({ escalationId: 'not-a-uuid', planId, minute: 0 })).toBe('done');
    });

    it('records "nobody to reach" once for a timer run twice', async () => {
      const partner = await buildPartner(t);
      const id = (await evaluateArea(t.ctx, partner.id, 'feed:menu', [
        finding('feed:menu', 'feed_stale', 'medium'),
      ])) as string;
      await t.worker.runDue();
      const row = await escalation(id);
      expect(await runNotice({ escalationId: id, planId: row?.planId, minute: 0 })).toBe('done');
      expect((await timeline(id)).map((e) => e.type)).toEqual(['opened', 'no_contacts']);
    });

    it('sets no further timer once a plan has sent its last step', async () => {
      const partner = await buildPartner(t);
      await contact(partner.id, 'alert');
      const id = (await evaluateArea(t.ctx, partner.id, 'feed:menu', [
        finding('feed:menu', 'feed_stale', 'medium'),
      ])) as string;
      await t.worker.runDue();
      expect((await noticeJobs(id)).map((j) => j.status)).toEqual(['done']);
    });

    it('sends the resolution to every contact reached and to the alert and technical emergency contacts', async () => {
      const partner = await buildPartner(t);
      const ops = await contact(partner.id, 'operations');
      const id = (await evaluateArea(t.ctx, partner.id, 'action:checkout', [
        finding('action:checkout', 'burn_rate', 'critical'),
      ])) as string;
      await t.worker.runDue();
      await advance(60); // operations are reached at minute 60
      // Added after the notices went out: never reached, told of the resolution by their role alone.
      const alert = await contact(partner.id, 'alert');
      const tech = await contact(partner.id, 'technical_emergency');
      const nonEmergency = await contact(partner.id, 'technical_non_emergency');
      await resolveArea(t, partner.id, 'action:checkout');
      await t.worker.runDue();
      const resolutions = (await timeline(id))
        .filter((e) => e.type === 'resolution_sent')
        .map((e) => [e.contactId, e.detail]);
      expect(resolutions).toHaveLength(3);
      expect(resolutions).toEqual(
        expect.arrayContaining([
          [ops.id, { role: 'operations' }],
          [alert.id, { role: 'alert' }],
          [tech.id, { role: 'technical_emergency' }],
        ]),
      );
      expect(await sentTo(partner.id, nonEmergency.email)).toEqual([]);
      expect(await sentTo(partner.id, ops.email)).toEqual([
        'health_escalation_reminder',
        'health_escalation_resolved',
      ]);
    });
  });
});
