import { eq } from 'drizzle-orm';
import { FEEDS, type Feed, type Finding, HEALTH_ACTIONS, type HealthArea } from '../../../shared/health.js';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { partners } from '../../db/schema/index.js';
import { DEFAULT_BUSINESS_CALENDAR } from '../../sla/calendar.js';
import { policyFor } from '../../sla/policy-match.js';
import { emptyCallStats } from '../buckets.js';
import { decideEscalation } from '../escalation-state.js';
import { applyEscalationDecision, currentEscalations } from '../escalations/apply.js';
import { completedBusinessDays } from '../rules/business-days.js';
import type { HealthRuleSettings } from '../rules/settings.js';
import { evaluateAction, evaluateFeed, evaluateMerchants, requiredWindows } from '../rules.js';
import { ruleSettingsFor } from '../settings/queries.js';
import { callWindows } from './call-windows.js';
import { feedHistories, merchantInputs, streakOrNone, streaksOf } from './inputs.js';

/** Every finding for the partner now, by area: what its escalations are decided on. */
export async function partnerFindings(
  q: Queryable,
  partnerId: string,
  settings: HealthRuleSettings,
  now: number,
): Promise<Finding[]> {
  const windows = await callWindows(
    q,
    partnerId,
    requiredWindows(settings),
    settings.latency.windowMinutes,
    now,
  );
  const streaks = await streaksOf(q, partnerId);
  const findings: Finding[] = [];
  for (const action of HEALTH_ACTIONS) {
    const window = windows.get(action) ?? (() => emptyCallStats());
    const streak = streaks.get(action);
    for (const finding of evaluateAction(action, window, streakOrNone(streak), settings))
      findings.push(
        streak && streak.failingMerchants.length > 0
          ? { ...finding, evidence: { ...finding.evidence, sampleMerchantIds: streak.failingMerchants } }
          : finding,
      );
  }
  const feeds = await feedHistories(q, partnerId);
  if (feeds.size > 0) {
    const businessDays = await businessDaysFor(q, partnerId);
    for (const [feed, history] of feeds)
      if ((FEEDS as readonly string[]).includes(feed))
        findings.push(...evaluateFeed(feed as Feed, history, now, settings, businessDays));
  }
  const merchants = await merchantInputs(q, partnerId, settings.merchants, now);
  findings.push(...evaluateMerchants(merchants.current, merchants.hourly, settings));
  return findings;
}

/** Business days on the partner's support calendar: the SLA policy its feed cases fall under. */
async function businessDaysFor(q: Queryable, partnerId: string) {
  const matched = await policyFor(q, { partnerId, category: 'feeds_inventory', priority: 'normal' });
  const calendar = matched ? matched.calendar : DEFAULT_BUSINESS_CALENDAR;
  return (from: Date, to: Date) => completedBusinessDays(calendar, from, to);
}

/**
 * One partner's evaluation, in the caller's transaction (which holds the partner's state row): findings by area,
 * a decision per area that has findings or an unresolved escalation, each applied. Deciding only on a change
 * makes a repeat (a retried job, a second instance) a no-op.
 */
export async function evaluatePartner(ctx: AppContext, tx: Queryable, partnerId: string, now: Date) {
  const [partner] = await tx
    .select({ integration: partners.integrationState })
    .from(partners)
    .where(eq(partners.id, partnerId));
  if (!partner) return;
  const settings = await ruleSettingsFor(tx, partnerId);
  const current = await currentEscalations(tx, partnerId);
  const findings =
    partner.integration === 'disabled' ? [] : await partnerFindings(tx, partnerId, settings, now.getTime());
  const byArea = new Map<HealthArea, Finding[]>();
  for (const finding of findings) byArea.set(finding.area, [...(byArea.get(finding.area) ?? []), finding]);
  const areas = new Set<HealthArea>([...byArea.keys(), ...current.keys()]);
  for (const area of [...areas].sort()) {
    const escalation = current.get(area) ?? null;
    const decision = decideEscalation({
      now: now.getTime(),
      current: escalation,
      findings: byArea.get(area) ?? [],
      integration: partner.integration,
      clearSince: escalation?.clearSince?.getTime() ?? null,
      autoResolveMinutes: settings.escalation.autoResolveMinutes,
    });
    await applyEscalationDecision(ctx, tx, { partnerId, area, current: escalation, decision, settings, now });
  }
}
