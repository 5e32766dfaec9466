/** The fulfillment actions the platform calls a partner for (issue #10). */
export const HEALTH_ACTIONS = ['checkout', 'submit_order', 'order_update'] as const;
export type HealthAction = (typeof HEALTH_ACTIONS)[number];

/** The inventory feeds a partner publishes. */
export const FEEDS = ['restaurant', 'service', 'menu'] as const;
export type Feed = (typeof FEEDS)[number];

export const CALL_OUTCOMES = ['ok', 'error'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Most severe first: a lower index outranks a higher one. */
export const HEALTH_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type HealthSeverity = (typeof HEALTH_SEVERITIES)[number];

/** Whether `a` is more severe than `b`. */
export function outranks(a: HealthSeverity, b: HealthSeverity): boolean {
  return HEALTH_SEVERITIES.indexOf(a) < HEALTH_SEVERITIES.indexOf(b);
}

/** What one escalation is about: an action, a feed, or the partner's merchants. One open escalation per area. */
export type HealthArea = `action:${HealthAction}` | `feed:${Feed}` | 'merchants';
export const actionArea = (action: HealthAction): HealthArea => `action:${action}`;
export const feedArea = (feed: Feed): HealthArea => `feed:${feed}`;

export const HEALTH_RULES = [
  'burn_rate',
  'error_increase',
  'hard_down',
  'latency',
  'feed_stale',
  'feed_errors',
  'merchants_serving',
] as const;
export type HealthRule = (typeof HEALTH_RULES)[number];

/** Evidence is stored as JSON and shown as is: the numbers that tripped a rule. */
export type EvidenceValue =
  | number
  | string
  | boolean
  | null
  | EvidenceValue[]
  | { [key: string]: EvidenceValue };

export interface Finding {
  area: HealthArea;
  rule: HealthRule;
  severity: HealthSeverity;
  evidence: Record<string, EvidenceValue>;
}

/** The most events one `POST /api/v1/signals` may carry. */
export const MAX_SIGNAL_BATCH = 10_000;

/**
 * Upper bounds (inclusive, ms) of the latency histogram's bins; one more bin past the last holds everything slower.
 * The programme's figures are p99 at most 8 s and mean under 5 s. 8000 is a bound, so "p99 > 8 s" is read exactly:
 * it holds iff fewer than 99 % of calls fall in the bins up to 8000, whatever the interpolation inside a bin does.
 * The mean is never read from the histogram but from the latency sum, so "mean > 5 s" is exact too; 5000 is a bound
 * all the same so p50 near the mean threshold reads within a 2 s bin, not a 4 s one. Below 1 s the bins are fine
 * for the dashboard's p50; past 8 s they only say how slow (30 s is where platforms' own timeouts sit).
 * Stored histograms are arrays of counts per bin: these bounds can only ever be extended at the end.
 */
export const LATENCY_BOUNDS_MS = [
  25, 50, 100, 250, 500, 1000, 2000, 3000, 5000, 8000, 12000, 20000, 30000,
] as const;
export const LATENCY_BINS = LATENCY_BOUNDS_MS.length + 1;
