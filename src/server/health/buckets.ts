import { type HealthAction, LATENCY_BINS, LATENCY_BOUNDS_MS } from '../../shared/health.js';
import { HOUR, MINUTE } from '../lib/clock.js';

/*
 * Buckets are sums, so merging is addition: any split of the events, merged in any order by any number of
 * instances, gives the same bucket. bucket-store.ts does the same addition in SQL; these are the in-memory side
 * (intake merges a batch before its one upsert, and tests, the simulator and the bench replay without a database).
 */

export interface CallStats {
  okCount: number;
  errorCount: number;
  /** Errors by the platform's error type (or HTTP_<status>, or UNSPECIFIED when it sent neither). */
  errorTypes: Record<string, number>;
  /** Calls per bin of LATENCY_BOUNDS_MS, the last bin holding everything slower. */
  latencyCounts: number[];
  /** Whole milliseconds (each call's latency rounded), so the sum fits the bigint column and the mean is exact. */
  latencySumMs: number;
}

export interface FeedStats {
  ingestions: number;
  /** Ingestions with no errors: what a successful ingestion means. */
  cleanIngestions: number;
  records: number;
  errors: number;
  warnings: number;
}

/** Sums over the merchant reports in the bucket: the mean serving is servingSum / samples. */
export interface MerchantStats {
  servingSum: number;
  totalSum: number;
  samples: number;
}

export const emptyCallStats = (): CallStats => ({
  okCount: 0,
  errorCount: 0,
  errorTypes: {},
  latencyCounts: new Array<number>(LATENCY_BINS).fill(0),
  latencySumMs: 0,
});
export const emptyFeedStats = (): FeedStats => ({
  ingestions: 0,
  cleanIngestions: 0,
  records: 0,
  errors: 0,
  warnings: 0,
});
export const emptyMerchantStats = (): MerchantStats => ({ servingSum: 0, totalSum: 0, samples: 0 });

/** The bin a latency falls in: bounds are inclusive upper bounds, so 8000 ms counts as "within 8 s". */
export function latencyBin(latencyMs: number): number {
  let bin = 0;
  while (bin < LATENCY_BOUNDS_MS.length && latencyMs > (LATENCY_BOUNDS_MS[bin] as number)) bin++;
  return bin;
}

export function mergeCallStats(a: CallStats, b: CallStats): CallStats {
  const errorTypes = { ...a.errorTypes };
  for (const [type, n] of Object.entries(b.errorTypes)) errorTypes[type] = (errorTypes[type] ?? 0) + n;
  const bins = Math.max(a.latencyCounts.length, b.latencyCounts.length);
  const latencyCounts = Array.from(
    { length: bins },
    (_, i) => (a.latencyCounts[i] ?? 0) + (b.latencyCounts[i] ?? 0),
  );
  return {
    okCount: a.okCount + b.okCount,
    errorCount: a.errorCount + b.errorCount,
    errorTypes,
    latencyCounts,
    latencySumMs: a.latencySumMs + b.latencySumMs,
  };
}

const FEED_FIELDS = ['ingestions', 'cleanIngestions', 'records', 'errors', 'warnings'] as const;
const MERCHANT_FIELDS = ['servingSum', 'totalSum', 'samples'] as const;
export const mergeFeedStats = (a: FeedStats, b: FeedStats): FeedStats => addFields(FEED_FIELDS, a, b);
export const mergeMerchantStats = (a: MerchantStats, b: MerchantStats): MerchantStats =>
  addFields(MERCHANT_FIELDS, a, b);

/** The named count fields of `a` and `b` summed (only those: keyed buckets pass through here too). */
function addFields<T extends Record<K, number>, K extends keyof T>(
  fields: readonly K[],
  a: T,
  b: T,
): Pick<T, K> {
  const sum = {} as Pick<T, K>;
  for (const field of fields) sum[field] = (a[field] + b[field]) as T[K];
  return sum;
}

export const callCount = (s: Pick<CallStats, 'okCount' | 'errorCount'>) => s.okCount + s.errorCount;
/** Errors over calls; 0 with no calls, so an idle window never looks broken. */
export const errorRatio = (s: Pick<CallStats, 'okCount' | 'errorCount'>) =>
  callCount(s) === 0 ? 0 : s.errorCount / callCount(s);

export const minuteOf = (at: number) => Math.floor(at / MINUTE) * MINUTE;
export const hourOf = (at: number) => Math.floor(at / HOUR) * HOUR;

/** Keyed minute buckets, shaped as bucket-store.ts's rows so intake hands them over as they are. */
export type CallBucket = CallStats & { partnerId: string; action: HealthAction; minute: Date };
export type FeedBucket = FeedStats & { partnerId: string; feed: string; minute: Date };
export type MerchantBucket = MerchantStats & { partnerId: string; minute: Date };

/** Minute buckets summed into UTC hours per partner and action (or feed): call_hours and friends, in memory. */
export const rollUpCalls = (minutes: readonly CallBucket[]) =>
  rollUp(minutes, (b) => `${b.partnerId}|${b.action}`, mergeCallStats);
export const rollUpFeeds = (minutes: readonly FeedBucket[]) =>
  rollUp(minutes, (b) => `${b.partnerId}|${b.feed}`, mergeFeedStats);
export const rollUpMerchants = (minutes: readonly MerchantBucket[]) =>
  rollUp(minutes, (b) => b.partnerId, mergeMerchantStats);

function rollUp<B extends { minute: Date }>(
  minutes: readonly B[],
  keyOf: (bucket: B) => string,
  merge: (a: B, b: B) => object,
): (Omit<B, 'minute'> & { hour: Date })[] {
  const hours = new Map<string, B>();
  for (const bucket of minutes) {
    const hour = hourOf(bucket.minute.getTime());
    const key = `${keyOf(bucket)}|${hour}`;
    const seen = hours.get(key);
    hours.set(key, seen ? { ...seen, ...merge(seen, bucket) } : { ...bucket, minute: new Date(hour) });
  }
  return [...hours.values()].map(({ minute, ...rest }) => ({ ...rest, hour: minute }));
}
