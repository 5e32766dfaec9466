import {
  type CallBucket,
  emptyCallStats,
  emptyFeedStats,
  emptyMerchantStats,
  type FeedBucket,
  latencyBin,
  type MerchantBucket,
  minuteOf,
} from './buckets.js';
import type { CallEvent, SignalEvent } from './signals.js';

/** The key a failed call is counted under: the platform's error type, else its HTTP status, else UNSPECIFIED. */
export function errorKeyOf(call: Pick<CallEvent, 'errorType' | 'httpStatus'>): string {
  return call.errorType ?? (call.httpStatus === null ? 'UNSPECIFIED' : `HTTP_${call.httpStatus}`);
}

/**
 * A checked batch merged into minute buckets, one per partner and action (or feed) and minute: what intake
 * upserts with bucket-store.ts. Adds in place into one bucket per key, so a 10,000-event batch makes a handful
 * of objects, not one per event.
 */
export function bucketSignals(events: Iterable<SignalEvent>) {
  const calls = new Map<string, CallBucket>();
  const feeds = new Map<string, FeedBucket>();
  const merchants = new Map<string, MerchantBucket>();
  for (const e of events) {
    const minute = minuteOf(e.at);
    if (e.type === 'call') {
      const b = bucketOf(calls, `${e.partnerId}|${e.action}|${minute}`, () => ({
        partnerId: e.partnerId,
        action: e.action,
        minute: new Date(minute),
        ...emptyCallStats(),
      }));
      if (e.outcome === 'ok') b.okCount++;
      else {
        b.errorCount++;
        const type = errorKeyOf(e);
        b.errorTypes[type] = (b.errorTypes[type] ?? 0) + 1;
      }
      const bin = latencyBin(e.latencyMs);
      b.latencyCounts[bin] = (b.latencyCounts[bin] as number) + 1;
      b.latencySumMs += Math.round(e.latencyMs);
    } else if (e.type === 'feed') {
      const b = bucketOf(feeds, `${e.partnerId}|${e.feed}|${minute}`, () => ({
        partnerId: e.partnerId,
        feed: e.feed,
        minute: new Date(minute),
        ...emptyFeedStats(),
      }));
      b.ingestions++;
      if (e.errors === 0) b.cleanIngestions++;
      b.records += e.records;
      b.errors += e.errors;
      b.warnings += e.warnings;
    } else {
      const b = bucketOf(merchants, `${e.partnerId}|${minute}`, () => ({
        partnerId: e.partnerId,
        minute: new Date(minute),
        ...emptyMerchantStats(),
      }));
      b.servingSum += e.serving;
      b.totalSum += e.total;
      b.samples++;
    }
  }
  return { calls: [...calls.values()], feeds: [...feeds.values()], merchants: [...merchants.values()] };
}

function bucketOf<B>(buckets: Map<string, B>, key: string, make: () => B): B {
  const found = buckets.get(key);
  if (found) return found;
  const made = make();
  buckets.set(key, made);
  return made;
}
