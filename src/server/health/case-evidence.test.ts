import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import type { HealthArea, HealthRule } from '../../shared/health.js';
import { healthEscalations } from '../db/schema/index.js';
import { MINUTE } from '../lib/clock.js';
import {
  type CaseHealthEscalation,
  caseHealthOf,
  confirmsCriterion,
  unresolvedEscalationsOf,
} from './case-evidence.js';
import { evaluateArea, finding } from './escalations/fixtures.js';

const escalation = (over: Partial<CaseHealthEscalation>): CaseHealthEscalation => ({
  id: 'e',
  number: 1,
  area: 'action:submit_order',
  severity: 'critical',
  rules: ['error_increase'],
  evidence: {},
  openedAt: new Date(0),
  ...over,
});

describe('signals confirm an urgent case', () => {
  it('matches each urgent criterion to its critical condition and nothing less', () => {
    const hardDown = escalation({ area: 'action:order_update', rules: ['hard_down'] });
    expect(confirmsCriterion('integration_down', hardDown)).toBe(true);
    expect(confirmsCriterion('integration_down', escalation({ rules: ['error_increase'] }))).toBe(false);
    expect(confirmsCriterion('integration_down', { ...hardDown, severity: 'high' })).toBe(false);
    expect(confirmsCriterion('orders_blocked', escalation({ area: 'action:checkout' }))).toBe(true);
    expect(confirmsCriterion('orders_blocked', escalation({ area: 'action:submit_order' }))).toBe(true);
    expect(confirmsCriterion('orders_blocked', escalation({ area: 'action:order_update' }))).toBe(false);
    expect(confirmsCriterion('orders_blocked', escalation({ severity: 'high' }))).toBe(false);
    const merchants = escalation({ area: 'merchants', rules: ['merchants_serving'] });
    expect(confirmsCriterion('merchants_cannot_serve', merchants)).toBe(true);
    expect(confirmsCriterion('merchants_cannot_serve', escalation({}))).toBe(false);
    expect(confirmsCriterion('orders_blocked', merchants)).toBe(false);
  });

  it('confirms when any open escalation matches, never without a criterion', () => {
    const list = [escalation({ severity: 'high' }), escalation({ area: 'merchants' })];
    expect(caseHealthOf('merchants_cannot_serve', list).signalsConfirm).toBe(true);
    expect(caseHealthOf('orders_blocked', list).signalsConfirm).toBe(false);
    expect(caseHealthOf(null, list)).toEqual({ escalations: list, signalsConfirm: false });
  });
});

describeEachDatabase('urgent cases carry the partner’s health evidence', (kind) => {
  const t = useTestApp(kind);

  it('shows triage the open escalations and “signals confirm”, and confirming takes one request', async () => {
    const partner = await buildPartner(t, { status: 'launched' });
    const quiet = await buildPartner(t, { status: 'launched' });
    const now = t.clock.now();
    const open = (partnerId: string, area: string, severity: string, rules: string[], status = 'open') =>
      t.ctx.db.insert(healthEscalations).values({
        partnerId,
        area: area as 'merchants',
        status: status as 'open',
        severity: severity as 'critical',
        rules: rules as ['hard_down'],
        evidence: { hard_down: { consecutiveFailures: 40 } },
        planStartedAt: now,
        planId: randomUUID(),
        openedAt: now,
        updatedAt: now,
      });
    await open(partner.id, 'action:submit_order', 'critical', ['hard_down']);
    await open(partner.id, 'feed:menu', 'medium', ['feed_stale']);
    await open(partner.id, 'merchants', 'critical', ['merchants_serving'], 'resolved');
    await open(quiet.id, 'action:checkout', 'high', ['latency']);
    const file = async (partnerId: string, urgentCriterion: string) => {
      const member = await signedInUser(t, { role: 'partner_member', partnerId });
      const response = await member.request({
        method: 'POST',
        url: `/api/v1/partners/${partnerId}/cases`,
        payload: {
          category: 'urgent_technical_support',
          subject: 'Orders fail',
          description: 'Every order fails',
          urgentCriterion,
          impact: { since: now.toISOString(), merchantsAffectedPercent: 100 },
        },
      });
      expect(response.statusCode).toBe(201);
      return { member, id: response.json().id as string };
    };
    const down = await file(partner.id, 'integration_down');
    const merchants = await file(partner.id, 'merchants_cannot_serve');
    const other = await file(quiet.id, 'orders_blocked');

    const triager = await signedInUser(t, { role: 'triage' });
    const queue = (await triager.request({ method: 'GET', url: '/api/v1/cases/triage' })).json() as {
      id: string;
      health: { signalsConfirm: boolean; escalations: { area: string; severity: string }[] };
    }[];
    const item = (id: string) => queue.find((c) => c.id === id)?.health;
    expect(item(down.id)).toMatchObject({
      signalsConfirm: true,
      escalations: [
        { area: 'action:submit_order', severity: 'critical' },
        { area: 'feed:menu', severity: 'medium' },
      ],
    });
    expect(item(merchants.id)?.signalsConfirm).toBe(false);
    expect(item(other.id)).toMatchObject({ signalsConfirm: false, escalations: [{ severity: 'high' }] });

    const detail = (
      await down.member.request({ method: 'GET', url: `/api/v1/partners/${partner.id}/cases/${down.id}` })
    ).json();
    expect(detail.health.signalsConfirm).toBe(true);
    const confirmed = await triager.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/cases/${down.id}/triage`,
      payload: { decision: 'confirm' },
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ priority: 'urgent', status: 'open' });
  });

  it('lists a partner’s unresolved escalations most severe first, then oldest first', async () => {
    const partner = await buildPartner(t, { status: 'launched' });
    const area = (name: HealthArea, severity: 'critical' | 'low', rule: HealthRule) =>
      evaluateArea(t.ctx, partner.id, name, [finding(name, rule, severity)]);
    const low = await area('feed:menu', 'low', 'feed_stale');
    t.clock.advance(MINUTE);
    const critical = await area('merchants', 'critical', 'merchants_serving');
    t.clock.advance(MINUTE);
    const laterLow = await area('feed:service', 'low', 'feed_stale');
    // Named twice (two cases of one partner), the partner's escalations are listed once.
    const listed = (await unresolvedEscalationsOf(t.ctx.db, [partner.id, partner.id])).get(partner.id);
    expect(listed?.map((e) => e.id)).toEqual([critical, low, laterLow]);
  });
});
