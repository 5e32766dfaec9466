import type { HealthAction, HealthSeverity } from '../../../shared/health.js';

/** One multi-window burn-rate alert: fires when both windows burn the error budget at least `factor` times over. */
export interface BurnRateAlert {
  severity: HealthSeverity;
  factor: number;
  longMinutes: number;
  shortMinutes: number;
}

/**
 * Detection and escalation settings as data: stored as JSON (defaults, and per-partner overrides merged over them
 * with mergeRuleSettings), so every threshold here is one an admin may change. Ratios are fractions (0.05 = 5 points).
 */
export interface HealthRuleSettings {
  burnRate: {
    /** The success-ratio objective per action; the error budget is 1 − objective. */
    objectives: Record<HealthAction, number>;
    /** Calls each window of a pair needs before its ratio counts, so a quiet partner's one error does not page. */
    minRequests: number;
    alerts: {
      pageFast: BurnRateAlert;
      pageSlow: BurnRateAlert;
      ticketFast: BurnRateAlert;
      ticketSlow: BurnRateAlert;
    };
  };
  errorIncrease: {
    windowMinutes: number;
    /** A second, shorter recent window with the same thresholds (twice minErrors), for a quicker finding; 0 for none. */
    shortWindowMinutes: number;
    /** The ratio the recent window is compared with: this long, the recent window itself left out. */
    baselineMinutes: number;
    minPoints: number;
    minFactor: number;
    minRequests: number;
    /** One or two errors among a few dozen calls is 5 points but no increase anyone should be woken for. */
    minErrors: number;
    criticalRatio: number;
  };
  hardDown: {
    maxConsecutiveFailures: number;
    downMinutes: number;
    /** Disable the integration when a hard-down escalation opens, as the programme does; off unless an admin opts in. */
    autoDisableIntegration: boolean;
  };
  latency: {
    windowMinutes: number;
    maxMeanMs: number;
    maxP99Ms: number;
    minRequests: number;
    /**
     * A p99 past maxP99Ms counts only with at least this many calls slower than it: in a few hundred calls, 1 %
     * is a handful, and a short burst of time-outs on a quiet action would page as a latency problem.
     */
    minSlowCalls: number;
  };
  feeds: { staleHours: number; errorBusinessDays: number };
  merchants: {
    windowMinutes: number;
    minServingShare: number;
    /** Fires when serving falls below (1 − maxDrop) × the baseline median. */
    maxDrop: number;
    baselineDays: number;
    /** Hours of reports the median needs before a drop against it counts. */
    minBaselineHours: number;
  };
  escalation: {
    autoResolveMinutes: number;
    criticalRepeatMinutes: number;
    operationsAfterMinutes: number;
    highRepeatMinutes: number;
  };
}

/** The programme's figures (domain notes) and the SRE workbook's burn-rate pairs, as Sloth generates them. */
export const DEFAULT_RULE_SETTINGS: HealthRuleSettings = {
  burnRate: {
    objectives: { checkout: 0.99, submit_order: 0.99, order_update: 0.99 },
    minRequests: 20,
    alerts: {
      pageFast: { severity: 'critical', factor: 14.4, longMinutes: 60, shortMinutes: 5 },
      pageSlow: { severity: 'high', factor: 6, longMinutes: 6 * 60, shortMinutes: 30 },
      ticketFast: { severity: 'low', factor: 3, longMinutes: 24 * 60, shortMinutes: 2 * 60 },
      ticketSlow: { severity: 'low', factor: 1, longMinutes: 3 * 24 * 60, shortMinutes: 6 * 60 },
    },
  },
  errorIncrease: {
    windowMinutes: 10,
    shortWindowMinutes: 5,
    baselineMinutes: 7 * 24 * 60,
    minPoints: 0.05,
    minFactor: 3,
    minRequests: 20,
    minErrors: 5,
    criticalRatio: 0.25,
  },
  hardDown: { maxConsecutiveFailures: 5, downMinutes: 60, autoDisableIntegration: false },
  latency: { windowMinutes: 15, maxMeanMs: 5000, maxP99Ms: 8000, minRequests: 20, minSlowCalls: 10 },
  feeds: { staleHours: 24, errorBusinessDays: 3 },
  merchants: { windowMinutes: 15, minServingShare: 0.5, maxDrop: 0.5, baselineDays: 7, minBaselineHours: 24 },
  escalation: {
    autoResolveMinutes: 15,
    criticalRepeatMinutes: 15,
    operationsAfterMinutes: 60,
    highRepeatMinutes: 60,
  },
};

export type RuleOverrides = { [K in keyof HealthRuleSettings]?: DeepPartial<HealthRuleSettings[K]> };
type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/**
 * The partner's overrides over the defaults, field by field at every depth. Only fields the defaults have are
 * taken, and only with the defaults' type: an override stored before a setting was renamed or retyped is ignored,
 * never passed on to a rule. The result is a fresh object: changing it never changes the defaults.
 */
export function mergeRuleSettings(
  defaults: HealthRuleSettings,
  overrides: RuleOverrides,
): HealthRuleSettings {
  return mergeFields(defaults, overrides) as HealthRuleSettings;
}

function mergeFields(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base)) return typeof over === typeof base && over !== null ? over : base;
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base))
    merged[key] = mergeFields(value, isPlainObject(over) ? over[key] : undefined);
  return merged;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
