import { type Finding, type HealthRule, type HealthSeverity, outranks } from '../../shared/health.js';
import type { IntegrationState } from '../../shared/partners.js';
import { MINUTE } from '../lib/clock.js';

/** The area's current escalation: open (acknowledged or not), or recorded as suppressed while paused. */
export interface CurrentEscalation {
  status: 'open' | 'acknowledged' | 'suppressed';
  severity: HealthSeverity;
  /** The rules whose findings it holds. */
  rules: readonly HealthRule[];
}

export interface EscalationInput {
  now: number;
  current: CurrentEscalation | null;
  /** This area's findings from this evaluation; none when the condition is clear. */
  findings: readonly Finding[];
  integration: IntegrationState;
  /** Since when the condition has been clear, as the previous decision returned it. */
  clearSince: number | null;
  autoResolveMinutes: number;
}

/**
 * What to do, and whether to tell the contacts (`notify`: start or restart the notification plan at `severity`,
 * or send the resolution). `rules` is the full set to store; `findings` the evidence to add to the timeline.
 */
export type EscalationAction =
  | { kind: 'none' }
  | {
      kind: 'open' | 'suppress';
      severity: HealthSeverity;
      rules: HealthRule[];
      findings: Finding[];
      notify: boolean;
    }
  | {
      kind: 'join';
      severity: HealthSeverity;
      raised: boolean;
      rules: HealthRule[];
      findings: Finding[];
      notify: boolean;
    }
  | { kind: 'resolve'; notify: boolean };

/** The action, and the clearSince to store for the next decision. */
export interface EscalationDecision {
  action: EscalationAction;
  clearSince: number | null;
}

const NONE = { kind: 'none' } as const;

/**
 * One decision per area and evaluation, acting only on a change (a new rule, a higher severity, open, resolve), so
 * a condition that persists evaluates to nothing and a repeated evaluation after a restart repeats nothing.
 * A disabled integration is not monitored. While paused nothing is opened or sent (a new condition is recorded as
 * suppressed) and silence does not count as clear: clearSince restarts from the first clear evaluation after the
 * integration is active again, so a paused partner's escalation never resolves on its own.
 */
export function decideEscalation(input: EscalationInput): EscalationDecision {
  const { current, findings, integration, now } = input;
  if (integration === 'disabled') return { action: NONE, clearSince: null };
  const active = integration === 'active';
  if (findings.length > 0) return { action: actOnFindings(current, findings, active), clearSince: null };
  if (!current || !active) return { action: NONE, clearSince: null };
  const clearSince = input.clearSince ?? now;
  if (now - clearSince < input.autoResolveMinutes * MINUTE) return { action: NONE, clearSince };
  return { action: { kind: 'resolve', notify: current.status !== 'suppressed' }, clearSince: null };
}

function actOnFindings(
  current: CurrentEscalation | null,
  findings: readonly Finding[],
  active: boolean,
): EscalationAction {
  const severity = findings.map((f) => f.severity).reduce((a, b) => (outranks(b, a) ? b : a));
  const found = [...new Set(findings.map((f) => f.rule))];
  if (!current || (current.status === 'suppressed' && active))
    return {
      kind: active ? 'open' : 'suppress',
      severity,
      rules: found,
      findings: [...findings],
      notify: active,
    };
  const fresh = findings.filter((f) => !current.rules.includes(f.rule));
  const raised = outranks(severity, current.severity);
  if (fresh.length === 0 && !raised) return NONE;
  return {
    kind: 'join',
    severity: raised ? severity : current.severity,
    raised,
    rules: [...new Set([...current.rules, ...found])],
    findings: raised ? [...findings] : fresh,
    notify: raised && active && current.status !== 'suppressed',
  };
}
