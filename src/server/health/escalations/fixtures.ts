import type { Finding, HealthArea, HealthRule, HealthSeverity } from '../../../shared/health.js';
import type { IntegrationState } from '../../../shared/partners.js';
import type { AppContext } from '../../context.js';
import { type ManualClock, MINUTE } from '../../lib/clock.js';
import { decideEscalation } from '../escalation-state.js';
import { DEFAULT_RULE_SETTINGS, type HealthRuleSettings } from '../rules/settings.js';
import { type AreaEscalation, applyEscalationDecision, currentEscalations } from './apply.js';

/*
 * For tests (and the route walks in tests/): findings written by hand, run through decideEscalation and applied
 * the way the evaluator does, so an escalation exists without simulating traffic.
 */

export const finding = (
  area: HealthArea,
  rule: HealthRule,
  severity: HealthSeverity,
  evidence: Finding['evidence'] = { errorRatio: 0.42, calls: 120 },
): Finding => ({ area, rule, severity, evidence });

/** One evaluation of one area: decide over its current escalation, apply, return the escalation's id if any. */
export async function evaluateArea(
  ctx: AppContext,
  partnerId: string,
  area: HealthArea,
  findings: Finding[],
  options: {
    integration?: IntegrationState;
    settings?: HealthRuleSettings;
    /** The escalation as an evaluator read it earlier (a stale read); by default the current one. */
    current?: AreaEscalation | null;
  } = {},
): Promise<string | null> {
  const settings = options.settings ?? DEFAULT_RULE_SETTINGS;
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const current =
      options.current !== undefined
        ? options.current
        : ((await currentEscalations(tx, partnerId)).get(area) ?? null);
    const decision = decideEscalation({
      now: now.getTime(),
      current,
      findings,
      integration: options.integration ?? 'active',
      clearSince: current?.clearSince?.getTime() ?? null,
      autoResolveMinutes: settings.escalation.autoResolveMinutes,
    });
    await applyEscalationDecision(ctx, tx, { partnerId, area, current, decision, settings, now });
  });
  return (await currentEscalations(ctx.db, partnerId)).get(area)?.id ?? null;
}

/** Settings under which a hard-down finding disables the partner's integration. */
export const AUTO_DISABLE_SETTINGS: HealthRuleSettings = {
  ...DEFAULT_RULE_SETTINGS,
  hardDown: { ...DEFAULT_RULE_SETTINGS.hardDown, autoDisableIntegration: true },
};

/** Clear evaluations of the area across the auto-resolve period: its escalation resolves. */
export async function resolveArea(
  app: { ctx: AppContext; clock: ManualClock },
  partnerId: string,
  area: HealthArea,
): Promise<void> {
  await evaluateArea(app.ctx, partnerId, area, []);
  app.clock.advance(DEFAULT_RULE_SETTINGS.escalation.autoResolveMinutes * MINUTE);
  await evaluateArea(app.ctx, partnerId, area, []);
}

/** An open escalation on the partner's checkout calls, for a route walk. */
export async function openTestEscalation(ctx: AppContext, partnerId: string): Promise<string> {
  const id = await evaluateArea(ctx, partnerId, 'action:checkout', [
    finding('action:checkout', 'burn_rate', 'medium'),
  ]);
  if (!id) throw new Error('no escalation opened');
  return id;
}
