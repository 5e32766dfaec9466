import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkedCall } from '../../../tests/support/signal-events.js';
import { HEALTH_ACTIONS } from '../../shared/health.js';
import { bucketSignals } from './bucket-signals.js';
import type { CallBucketRow, FeedBucketRow, MerchantBucketRow } from './bucket-store.js';
import { mergeCallStats } from './buckets.js';
import type { CallEvent, SignalEvent } from './signals.js';

const P = '00000000-0000-4000-8000-0000000000aa';
const T = Date.parse('2027-03-01T10:00:00Z');
const call = (over: Partial<CallEvent>) => checkedCall(P, T, over);

describe('bucketSignals', () => {
  it('merges a batch into one bucket per partner, action (or feed) and minute', () => {
    const { calls, feeds, merchants } = bucketSignals([
      call({ latencyMs: 30.4 }),
      call({ outcome: 'error', errorType: 'CLOSED', latencyMs: 8000, at: T + 59_999 }),
      call({ outcome: 'error', httpStatus: 503, latencyMs: 9000 }),
      call({ outcome: 'error', latencyMs: 40_000 }),
      call({ at: T + 60_000 }),
      { type: 'feed', partnerId: P, feed: 'menu', records: 10, errors: 0, warnings: 1, at: T },
      { type: 'feed', partnerId: P, feed: 'menu', records: 10, errors: 2, warnings: 0, at: T + 1 },
      { type: 'merchants', partnerId: P, serving: 7, total: 10, at: T },
      { type: 'merchants', partnerId: P, serving: 9, total: 10, at: T + 2 },
    ]);
    expect(calls).toEqual([
      {
        partnerId: P,
        action: 'checkout',
        minute: new Date(T),
        okCount: 1,
        errorCount: 3,
        errorTypes: { CLOSED: 1, HTTP_503: 1, UNSPECIFIED: 1 },
        latencyCounts: [0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1],
        latencySumMs: 30 + 8000 + 9000 + 40_000,
      },
      {
        partnerId: P,
        action: 'checkout',
        minute: new Date(T + 60_000),
        okCount: 1,
        errorCount: 0,
        errorTypes: {},
        latencyCounts: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        latencySumMs: 10,
      },
    ]);
    expect(feeds).toEqual([
      {
        partnerId: P,
        feed: 'menu',
        minute: new Date(T),
        ingestions: 2,
        cleanIngestions: 1,
        records: 20,
        errors: 2,
        warnings: 1,
      },
    ]);
    expect(merchants).toEqual([
      { partnerId: P, minute: new Date(T), servingSum: 16, totalSum: 20, samples: 2 },
    ]);
    const rows: [CallBucketRow[], FeedBucketRow[], MerchantBucketRow[]] = [calls, feeds, merchants];
    expect(rows).toHaveLength(3);
  });

  it('gives the same buckets however a batch is split between instances', () => {
    const event = fc.record({
      action: fc.constantFrom(...HEALTH_ACTIONS),
      outcome: fc.constantFrom('ok' as const, 'error' as const),
      errorType: fc.constantFrom(null, 'CLOSED', 'TIMEOUT'),
      latencyMs: fc.double({ min: 0, max: 60_000, noNaN: true }),
      at: fc.integer({ min: T, max: T + 5 * 60_000 }),
    });
    const keyed = (events: SignalEvent[]) =>
      new Map(bucketSignals(events).calls.map((b) => [`${b.action}|${b.minute.getTime()}`, b]));
    fc.assert(
      fc.property(fc.array(event.map(call), { maxLength: 60 }), fc.nat(), (events, cut) => {
        const at = events.length === 0 ? 0 : cut % (events.length + 1);
        const [left, right] = [keyed(events.slice(0, at)), keyed(events.slice(at))];
        for (const [key, b] of right) {
          const a = left.get(key);
          left.set(key, a ? { ...a, ...mergeCallStats(a, b) } : b);
        }
        expect(new Map([...left].sort())).toEqual(new Map([...keyed(events)].sort()));
      }),
    );
  });
});
