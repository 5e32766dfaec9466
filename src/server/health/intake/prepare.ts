import { bucketSignals } from '../bucket-signals.js';
import { type BucketRows, bucketRowsOf } from '../bucket-store.js';
import type { FeedBucket } from '../buckets.js';
import { type CallEvent, type IntakeLimits, validateSignals } from '../signals.js';
import { type StreakCalls, streakCallsOf } from './streak-calls.js';

/** A batch checked and reduced to what its transaction writes: small, whatever the number of events. */
export interface PreparedBatch {
  accepted: number;
  rejected: { index: number; reason: string }[];
  /** The distinct partners of the accepted events, in order. */
  partnerIds: string[];
  rows: BucketRows;
  feeds: FeedBucket[];
  streaks: StreakCalls[];
}

/** Each event checked on its own (a bad one is named and skipped), the good ones bucketed. */
export function prepareSignalBatch(raw: readonly unknown[], limits: IntakeLimits): PreparedBatch {
  const { events, rejected } = validateSignals(raw, limits);
  const buckets = bucketSignals(events);
  return {
    accepted: events.length,
    rejected,
    partnerIds: [...new Set(events.map((e) => e.partnerId))].sort(),
    rows: bucketRowsOf(buckets),
    feeds: buckets.feeds,
    streaks: streakCallsOf(events.filter((e): e is CallEvent => e.type === 'call')),
  };
}
