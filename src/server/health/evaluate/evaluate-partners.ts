import { inArray } from 'drizzle-orm';
import { FEEDS, type Feed, type Finding, HEALTH_ACTIONS, type HealthArea } from '../../../shared/health.js';
import type { IntegrationState } from '../../../shared/partners.js';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { partnerHealthRules } from '../../db/schema/index.js';
import { DEFAULT_BUSINESS_CALENDAR } from '../../sla/calendar.js';
import { policyFor } from '../../sla/policy-match.js';
import { emptyCallStats } from '../buckets.js';
import { decideEscalation } from '../escalation-state.js';
import { type AreaEscalation, applyEscalationDecision, currentEscalationsOf } from '../escalations/apply.js';
import { completedBusinessDays } from '../rules/business-days.js';
import { type HealthRuleSettings, mergeRuleSettings, type RuleOverrides } from '../rules/settings.js';
import { evaluateAction, evaluateFeed, evaluateMerchants, requiredWindows } from '../rules.js';
import { callWindows } from './call-windows.js';
import { feedHistories, merchantInputs, streakOrNone, streaksOf } from './inputs.js';

export interface PartnerToEvaluate {
  id: string;
  integration: IntegrationState;
}

/**
 * Evaluations of several partners, in the caller's transaction (which holds their state rows): their inputs
 * read a statement each for all of them, then per partner its findings by area and a decision per area that has
 * findings or an unresolved escalation, each applied. Deciding only on a change makes a repeat (a retried job, a
 * second instance) a no-op. `platform` is the platform's rule settings, read once per run.
 */
export async function evaluatePartners(
  ctx: AppContext,
  tx: Queryable,
  partners: readonly PartnerToEvaluate[],
  platform: HealthRuleSettings,
  now: Date,
): Promise<void> {
  if (partners.length === 0) return;
  const ids = partners.map((p) => p.id);
  const overrides = await tx
    .select({ partnerId: partnerHealthRules.partnerId, overrides: partnerHealthRules.overrides })
    .from(partnerHealthRules)
    .where(inArray(partnerHealthRules.partnerId, ids));
  const settingsOf = new Map(
    ids.map((id) => [
      id,
      mergeRuleSettings(
        platform,
        (overrides.find((o) => o.partnerId === id)?.overrides ?? {}) as RuleOverrides,
      ),
    ]),
  );
  const current = await currentEscalationsOf(tx, ids);
  const watched = partners.filter((p) => p.integration !== 'disabled');
  const findings = await findingsOf(
    tx,
    watched.map((p) => ({ id: p.id, settings: settingsOf.get(p.id) as HealthRuleSettings })),
    now.getTime(),
  );
  for (const partner of partners) {
    const settings = settingsOf.get(partner.id) as HealthRuleSettings;
    const byArea = new Map<HealthArea, Finding[]>();
    for (const finding of findings.get(partner.id) ?? [])
      byArea.set(finding.area, [...(byArea.get(finding.area) ?? []), finding]);
    const open = current.get(partner.id) ?? new Map<HealthArea, AreaEscalation>();
    const areas = new Set<HealthArea>([...byArea.keys(), ...open.keys()]);
    for (const area of [...areas].sort()) {
      const escalation = open.get(area) ?? null;
      const decision = decideEscalation({
        now: now.getTime(),
        current: escalation,
        findings: byArea.get(area) ?? [],
        integration: partner.integration,
        clearSince: escalation?.clearSince?.getTime() ?? null,
        autoResolveMinutes: settings.escalation.autoResolveMinutes,
      });
      await applyEscalationDecision(ctx, tx, {
        partnerId: partner.id,
        area,
        current: escalation,
        decision,
        settings,
        now,
      });
    }
  }
}

/** Every finding for each partner now, by partner: what their escalations are decided on. */
async function findingsOf(
  q: Queryable,
  partners: readonly { id: string; settings: HealthRuleSettings }[],
  now: number,
): Promise<Map<string, Finding[]>> {
  const ids = partners.map((p) => p.id);
  const lengths = [...new Set(partners.flatMap((p) => requiredWindows(p.settings)))].sort((a, b) => a - b);
  const histograms = [...new Set(partners.map((p) => p.settings.latency.windowMinutes))];
  const windows = await callWindows(q, ids, lengths, histograms, now);
  const streaks = await streaksOf(q, ids);
  const feeds = await feedHistories(q, ids);
  const merchants = await merchantInputs(
    q,
    partners.map((p) => ({ id: p.id, settings: p.settings.merchants })),
    now,
  );
  const result = new Map<string, Finding[]>();
  for (const { id, settings } of partners) {
    const findings: Finding[] = [];
    for (const action of HEALTH_ACTIONS) {
      const window = windows.get(id)?.get(action) ?? (() => emptyCallStats());
      const streak = streaks.get(id)?.get(action);
      for (const finding of evaluateAction(action, window, streakOrNone(streak), settings))
        findings.push(
          streak && streak.failingMerchants.length > 0
            ? { ...finding, evidence: { ...finding.evidence, sampleMerchantIds: streak.failingMerchants } }
            : finding,
        );
    }
    const own = feeds.get(id);
    if (own && own.size > 0) {
      const businessDays = await businessDaysFor(q, id);
      for (const [feed, history] of own)
        if ((FEEDS as readonly string[]).includes(feed))
          findings.push(...evaluateFeed(feed as Feed, history, now, settings, businessDays));
    }
    const reports = merchants.get(id);
    if (reports) findings.push(...evaluateMerchants(reports.current, reports.hourly, settings));
    result.set(id, findings);
  }
  return result;
}

/** Business days on the partner's support calendar: the SLA policy its feed cases fall under. */
async function businessDaysFor(q: Queryable, partnerId: string) {
  const matched = await policyFor(q, { partnerId, category: 'feeds_inventory', priority: 'normal' });
  const calendar = matched ? matched.calendar : DEFAULT_BUSINESS_CALENDAR;
  return (from: Date, to: Date) => completedBusinessDays(calendar, from, to);
}
