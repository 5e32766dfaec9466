import { FEEDS, HEALTH_ACTIONS, LATENCY_BINS, LATENCY_BOUNDS_MS } from '../../../shared/health.js';
import { HOUR, MINUTE } from '../../lib/clock.js';
import type { CallBucket, FeedBucket, MerchantBucket } from '../buckets.js';
import type { SimulatedPartner } from './generate.js';
import { servingShareAt, traitsOf } from './partner-stream.js';
import { between, binomial, normalCdf, type Random, seededRandom, seedOf } from './random.js';
import {
  ACTION_SHARE,
  DEFAULT_FEED_INTERVAL_MS,
  DEFAULT_MERCHANTS_INTERVAL_MS,
  ERROR_MIX,
  FLAPPING,
  HEALTHY_SIGMA,
  PLATFORM_TIMEOUT_MS,
  type Scenario,
  SLOW_LATENCY,
} from './scenarios.js';

/** A stretch of time a partner behaves otherwise than usual: yesterday's errors10 spike. */
export interface Episode {
  partnerId: string;
  scenario: Scenario;
  from: number;
  to: number;
}

export interface HistoryOptions {
  partners: readonly SimulatedPartner[];
  from: number;
  to: number;
  /** Calls a second over all partners at the busiest time of day; the quietest hours see a fifth of it. */
  ratePerSecond: number;
  seed: number;
  /** Bucket size: minute rows or hour rows. `from` and `to` are rounded down to it. */
  unit: 'minute' | 'hour';
  episodes?: readonly Episode[];
  feedIntervalMs?: number;
  merchantsIntervalMs?: number;
}

/** One bucket's aggregates for every partner; `minute` on each row is the bucket's start (an hour's for hours). */
export interface HistoryStep {
  start: number;
  calls: CallBucket[];
  feeds: FeedBucket[];
  merchants: MerchantBucket[];
}

/**
 * A span of history as bucket aggregates, drawn per bucket instead of per event, so a week for a dozen partners
 * takes milliseconds: counts vary ±10 % around the time of day's rate, errors are a binomial draw (exact for small
 * means, else the normal approximation) split over the error types, latencies fill the histogram bins by the distribution's CDF.
 * The partners' own figures (error rate, median latency, merchants) are the live simulation's for the same seed.
 */
export function* historyBuckets(options: HistoryOptions): Generator<HistoryStep> {
  const size = options.unit === 'hour' ? HOUR : MINUTE;
  const perPartner = options.partners.length === 0 ? 0 : options.ratePerSecond / options.partners.length;
  const feedInterval = options.feedIntervalMs ?? DEFAULT_FEED_INTERVAL_MS;
  const merchantsInterval = options.merchantsIntervalMs ?? DEFAULT_MERCHANTS_INTERVAL_MS;
  const partners = options.partners.map((p) => {
    const random = seededRandom(seedOf(options.seed, p.id));
    return { ...p, traits: traitsOf(random), random: seededRandom(seedOf(options.seed + 1, p.id)) };
  });
  for (let start = floorTo(options.from, size); start < floorTo(options.to, size); start += size) {
    const step: HistoryStep = { start, calls: [], feeds: [], merchants: [] };
    const minute = new Date(start);
    for (const p of partners) {
      const episode = options.episodes?.find((e) => e.partnerId === p.id && e.from <= start && start < e.to);
      const scenario = episode?.scenario ?? p.scenario;
      const since = episode?.from ?? options.from;
      const expected = (perPartner * dayShape(start) * size) / 1000;
      for (const action of HEALTH_ACTIONS) {
        const calls = Math.max(0, Math.round(expected * ACTION_SHARE[action] * between(p.random, 0.9, 1.1)));
        step.calls.push({
          partnerId: p.id,
          action,
          minute,
          ...callStats(p.random, scenario, p.traits, calls),
        });
      }
      step.feeds.push(
        ...feedBuckets(p.random, p.id, scenario, p.traits.merchants, minute, size / feedInterval),
      );
      const samples = Math.max(1, Math.round(size / merchantsInterval));
      const serving = Math.floor(
        p.traits.merchants * servingShareAt({ scenario, start: since }, p.traits, start),
      );
      step.merchants.push({
        partnerId: p.id,
        minute,
        servingSum: serving * samples,
        totalSum: p.traits.merchants * samples,
        samples,
      });
    }
    yield step;
  }
}

const floorTo = (at: number, size: number) => Math.floor(at / size) * size;

/** Traffic over the day (UTC): lowest around 03:00, highest around 15:00. */
export const dayShape = (at: number) => 0.6 - 0.4 * Math.cos((((at / HOUR) % 24) - 3) * (Math.PI / 12));

function errorRateOf(scenario: Scenario, usual: number): number {
  if (scenario === 'outage') return 1;
  if (scenario === 'errors10') return 0.1;
  if (scenario === 'flapping') return FLAPPING.baseErrorRate + FLAPPING.burstErrorShare;
  return usual;
}

function callStats(
  random: Random,
  scenario: Scenario,
  traits: ReturnType<typeof traitsOf>,
  calls: number,
): Omit<CallBucket, 'partnerId' | 'action' | 'minute'> {
  const errorCount = binomial(random, calls, errorRateOf(scenario, traits.errorRate));
  const errorTypes: Record<string, number> = {};
  let timeouts = 0;
  if (scenario === 'outage') {
    timeouts = binomial(random, errorCount, 0.5);
    if (timeouts > 0) errorTypes.TIMEOUT = timeouts;
    if (errorCount > timeouts) errorTypes.HTTP_500 = errorCount - timeouts;
  } else {
    let [left, weightLeft] = [errorCount, 1];
    for (const [type, weight] of Object.entries(ERROR_MIX)) {
      const n = weight >= weightLeft ? left : binomial(random, left, weight / weightLeft);
      if (n > 0) errorTypes[type] = n;
      [left, weightLeft] = [left - n, weightLeft - weight];
    }
    timeouts = errorTypes.TIMEOUT ?? 0;
  }
  const latencyCounts = new Array<number>(LATENCY_BINS).fill(0);
  const timeoutCdf = uniformCdf(PLATFORM_TIMEOUT_MS * 0.97, PLATFORM_TIMEOUT_MS);
  addSpread(latencyCounts, timeouts, timeoutCdf);
  let latencySumMs = timeouts * PLATFORM_TIMEOUT_MS * 0.985;
  const rest = calls - timeouts;
  if (scenario === 'outage') {
    addSpread(latencyCounts, rest, uniformCdf(PLATFORM_TIMEOUT_MS * 0.6, PLATFORM_TIMEOUT_MS * 0.95));
    latencySumMs += rest * PLATFORM_TIMEOUT_MS * 0.775;
  } else {
    const [median, sigma] =
      scenario === 'slow' ? [SLOW_LATENCY.median, SLOW_LATENCY.sigma] : [traits.medianMs, HEALTHY_SIGMA];
    addSpread(latencyCounts, rest, (ms) => normalCdf(Math.log(ms / median) / sigma));
    latencySumMs += rest * median * Math.exp((sigma * sigma) / 2);
  }
  return {
    okCount: calls - errorCount,
    errorCount,
    errorTypes,
    latencyCounts,
    latencySumMs: Math.round(latencySumMs),
  };
}

const uniformCdf = (min: number, max: number) => (ms: number) =>
  Math.min(1, Math.max(0, (ms - min) / (max - min)));

/** `n` calls spread over the histogram's bins by a latency CDF, rounded so the bins add up to exactly `n`. */
export function addSpread(bins: number[], n: number, cdf: (ms: number) => number): void {
  if (n <= 0) return;
  const shares = [...LATENCY_BOUNDS_MS, Number.POSITIVE_INFINITY].map((bound, i) => {
    const upper = bound === Number.POSITIVE_INFINITY ? 1 : cdf(bound);
    const lower = i === 0 ? 0 : cdf(LATENCY_BOUNDS_MS[i - 1] as number);
    return Math.max(0, upper - lower) * n;
  });
  const floors = shares.map(Math.floor);
  let missing = n - floors.reduce((a, b) => a + b, 0);
  const byRemainder = shares.map((s, i) => [s - Math.floor(s), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of byRemainder) {
    if (missing <= 0) break;
    floors[i] = (floors[i] as number) + 1;
    missing--;
  }
  for (let i = 0; i < bins.length; i++) bins[i] = (bins[i] as number) + (floors[i] as number);
}

function feedBuckets(
  random: Random,
  partnerId: string,
  scenario: Scenario,
  merchants: number,
  minute: Date,
  perBucket: number,
): FeedBucket[] {
  const buckets: FeedBucket[] = [];
  for (const feed of FEEDS) {
    const ingestions = Math.floor(perBucket) + (random() < perBucket % 1 ? 1 : 0);
    if (ingestions === 0) continue;
    const records = Math.max(
      ingestions,
      Math.round(ingestions * merchants * (feed === 'menu' ? 5 : 1) * 0.06),
    );
    const failing = scenario === 'stale-feed';
    buckets.push({
      partnerId,
      feed,
      minute,
      ingestions,
      cleanIngestions: failing ? 0 : ingestions,
      records,
      errors: failing ? Math.max(ingestions, Math.round(records * 0.2)) : 0,
      warnings: random() < 0.03 * ingestions ? Math.ceil(random() * 5) : 0,
    });
  }
  return buckets;
}
