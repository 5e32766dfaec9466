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
  const calls = new Keyed<CallBucket>();
  const feeds = new Keyed<FeedBucket>();
  const merchants = new Keyed<MerchantBucket>();
  for (const e of events) {
    const minute = minuteOf(e.at);
    if (e.type === 'call') {
      const b = calls.bucket(e.partnerId, e.action, minute, () => ({
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
      const b = feeds.bucket(e.partnerId, e.feed, minute, () => ({
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
      const b = merchants.bucket(e.partnerId, '', minute, () => ({
        partnerId: e.partnerId,
        minute: new Date(minute),
        ...emptyMerchantStats(),
      }));
      b.servingSum += e.serving;
      b.totalSum += e.total;
      b.samples++;
    }
  }
  return { calls: calls.all(), feeds: feeds.all(), merchants: merchants.all() };
}

/**
 * Buckets by partner, then action or feed, then minute: nested maps, as building a string key for each of 10,000
 * events cost more than the rest of the bucketing.
 */
class Keyed<B> {
  private readonly byPartner = new Map<string, Map<string, Map<number, B>>>();
  private readonly made: B[] = [];

  bucket(partnerId: string, name: string, minute: number, make: () => B): B {
    const byName = childOf(this.byPartner, partnerId);
    const byMinute = childOf(byName, name);
    const found = byMinute.get(minute);
    if (found) return found;
    const made = make();
    byMinute.set(minute, made);
    this.made.push(made);
    return made;
  }

  all(): B[] {
    return this.made;
  }
}

function childOf<K, V extends Map<unknown, unknown>>(parent: Map<K, V>, key: K): V {
  const found = parent.get(key);
  if (found) return found;
  const made = new Map() as V;
  parent.set(key, made);
  return made;
}
