import type { HealthArea, HealthRule, HealthSeverity } from '../../../shared/health.js';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import type { EscalationDecision } from '../escalation-state.js';
import type { HealthRuleSettings } from '../rules/settings.js';

/** An area's unresolved escalation as the evaluator hands it to decideEscalation. */
export interface AreaEscalation {
  id: string;
  status: 'open' | 'acknowledged' | 'suppressed';
  severity: HealthSeverity;
  rules: HealthRule[];
  clearSince: Date | null;
}

/** The partner's unresolved escalations by area. */
export async function currentEscalations(
  _q: Queryable,
  _partnerId: string,
): Promise<Map<HealthArea, AreaEscalation>> {
  throw new Error('helper A implements this');
}

export interface AppliedDecision {
  partnerId: string;
  area: HealthArea;
  current: AreaEscalation | null;
  decision: EscalationDecision;
  settings: HealthRuleSettings;
  now: Date;
}

/** Stores what decideEscalation decided, in the evaluator's transaction, and queues the notices. */
export async function applyEscalationDecision(
  _ctx: AppContext,
  _tx: Queryable,
  _input: AppliedDecision,
): Promise<void> {
  throw new Error('helper A implements this');
}
