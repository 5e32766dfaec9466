import type { HealthAction } from '../../../shared/health.js';
import { MINUTE } from '../../lib/clock.js';

/** How a simulated partner behaves: its calls, feeds and merchants over the span simulated. */
export const SCENARIOS = [
  'healthy',
  'outage',
  'errors10',
  'slow',
  'stale-feed',
  'merchants-dropping',
  'flapping',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const isScenario = (name: string): name is Scenario => (SCENARIOS as readonly string[]).includes(name);

/** The platform gives up on a call after this long: outage and time-out latencies sit just under it. */
export const PLATFORM_TIMEOUT_MS = 30_000;

/** Of every 10 calls: 5 checkouts, 3 order submissions, 2 order updates. */
export const ACTION_SHARE: Readonly<Record<HealthAction, number>> = {
  checkout: 0.5,
  submit_order: 0.3,
  order_update: 0.2,
};

/** The error types the platform reports, in a healthy partner's proportions (capacity and closures lead). */
export const ERROR_MIX = {
  NO_CAPACITY: 0.3,
  PRICE_CHANGED: 0.25,
  CLOSED: 0.2,
  INVALID: 0.15,
  TIMEOUT: 0.1,
} as const;
export type SimulatedErrorType = keyof typeof ERROR_MIX;

/** Feeds are ingested about hourly in production; the simulator scales that down so a demo shows them. */
export const DEFAULT_FEED_INTERVAL_MS = 5 * MINUTE;
export const DEFAULT_MERCHANTS_INTERVAL_MS = MINUTE;

/** Serving falls from the partner's usual share to this range over `MERCHANT_DROP_MS` after the scenario starts. */
export const DROPPED_SERVING_SHARE = { min: 0.25, max: 0.38 } as const;
export const MERCHANT_DROP_MS = 10 * MINUTE;

/** The slow scenario's latencies: log-normal, mean about 6 s and p99 about 15 s (the programme: < 5 s, ≤ 8 s). */
export const SLOW_LATENCY = { median: 5500, sigma: 0.45 } as const;
/** Healthy latencies are log-normal around the partner's own median (drawn from this range). */
export const HEALTHY_MEDIAN_MS = { min: 120, max: 400 } as const;
export const HEALTHY_SIGMA = 0.5;
/** A healthy partner's own error rate is drawn from this range. */
export const HEALTHY_ERROR_RATE = { min: 0.003, max: 0.008 } as const;

/**
 * Flapping: a low steady rate plus bursts of 2–4 failures in a row, under caps that keep every detection rule of
 * DEFAULT_RULE_SETTINGS quiet: at most 4 failures in a row (hard-down needs more than 5), in any 10 minutes at
 * most 4 errors or 2 % of the calls (error increase needs 5 errors and 5 points), and overall at most 0.8 % plus the
 * first burst (the slowest burn-rate ticket needs 1 %).
 */
export const FLAPPING = {
  baseErrorRate: 0.002,
  burstErrorShare: 0.004,
  burstSize: { min: 2, max: 4 },
  windowMs: 10 * MINUTE,
  windowErrors: 4,
  windowRatio: 0.02,
  overallRatio: 0.008,
  overallSlack: 4,
  maxConsecutive: 4,
} as const;
