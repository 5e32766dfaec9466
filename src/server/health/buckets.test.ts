import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LATENCY_BINS } from '../../shared/health.js';
import type { CallBucketRow, FeedBucketRow, MerchantBucketRow } from './bucket-store.js';
import {
  type CallStats,
  type FeedStats,
  latencyBin,
  type MerchantStats,
  mergeCallStats,
  mergeFeedStats,
  mergeMerchantStats,
  rollUpCalls,
  rollUpFeeds,
  rollUpMerchants,
} from './buckets.js';

const count = fc.nat(1_000_000);
const callStats: fc.Arbitrary<CallStats> = fc.record({
  okCount: count,
  errorCount: count,
  errorTypes: fc.dictionary(fc.constantFrom('CLOSED', 'NO_CAPACITY', 'TIMEOUT', 'HTTP_503'), count),
  latencyCounts: fc.array(count, { minLength: LATENCY_BINS, maxLength: LATENCY_BINS }),
  latencySumMs: fc.nat(),
});
const feedStats: fc.Arbitrary<FeedStats> = fc.record({
  ingestions: count,
  cleanIngestions: count,
  records: count,
  errors: count,
  warnings: count,
});
const merchantStats: fc.Arbitrary<MerchantStats> = fc.record({
  servingSum: count,
  totalSum: count,
  samples: count,
});

describe('latencyBin', () => {
  it.each([
    [0, 0],
    [25, 0],
    [25.001, 1],
    [5000, 8],
    [7999, 9],
    [8000, 9],
    [8001, 10],
    [30000, 12],
    [30001, 13],
    [86_400_000, 13],
  ])('%d ms → bin %d', (ms, bin) => {
    expect(latencyBin(ms)).toBe(bin);
  });
});

describe.each([
  ['call', callStats, mergeCallStats],
  ['feed', feedStats, mergeFeedStats],
  ['merchant', merchantStats, mergeMerchantStats],
] as const)('merging %s stats', (_, stats, merge) => {
  // Several instances add to the same row in whatever order their batches land.
  const m = merge as (a: unknown, b: unknown) => unknown;
  it('is commutative', () => {
    fc.assert(
      fc.property(stats, stats, (a, b) => {
        expect(m(a, b)).toEqual(m(b, a));
      }),
    );
  });
  it('is associative', () => {
    fc.assert(
      fc.property(stats, stats, stats, (a, b, c) => {
        expect(m(m(a, b), c)).toEqual(m(a, m(b, c)));
      }),
    );
  });
});

describe('mergeCallStats', () => {
  it('adds counts, error types by key and histograms bin by bin, padding a shorter histogram', () => {
    const a = {
      okCount: 3,
      errorCount: 1,
      errorTypes: { CLOSED: 1 },
      latencyCounts: [1, 3],
      latencySumMs: 90,
    };
    const b = {
      okCount: 1,
      errorCount: 2,
      errorTypes: { CLOSED: 1, TIMEOUT: 1 },
      latencyCounts: [2],
      latencySumMs: 10,
    };
    expect(mergeCallStats(a, b)).toEqual({
      okCount: 4,
      errorCount: 3,
      errorTypes: { CLOSED: 2, TIMEOUT: 1 },
      latencyCounts: [3, 3],
      latencySumMs: 100,
    });
    expect(a.errorTypes).toEqual({ CLOSED: 1 });
  });
});

describe('rolling minutes up to hours', () => {
  const P = '00000000-0000-4000-8000-0000000000aa';
  const stats = { okCount: 1, errorCount: 0, errorTypes: {}, latencyCounts: [1], latencySumMs: 5 };
  it('sums each partner and action into its UTC hour', () => {
    const at = (m: string) => new Date(`2027-03-01T${m}:00Z`);
    const hours = rollUpCalls([
      { partnerId: P, action: 'checkout', minute: at('10:00'), ...stats },
      {
        partnerId: P,
        action: 'checkout',
        minute: at('10:59'),
        ...stats,
        errorCount: 2,
        errorTypes: { CLOSED: 2 },
      },
      { partnerId: P, action: 'checkout', minute: at('11:00'), ...stats },
      { partnerId: P, action: 'submit_order', minute: at('10:30'), ...stats },
    ]);
    expect(hours).toEqual([
      {
        partnerId: P,
        action: 'checkout',
        hour: at('10:00'),
        ...stats,
        okCount: 2,
        errorCount: 2,
        errorTypes: { CLOSED: 2 },
        latencyCounts: [2],
        latencySumMs: 10,
      },
      { partnerId: P, action: 'checkout', hour: at('11:00'), ...stats },
      { partnerId: P, action: 'submit_order', hour: at('10:00'), ...stats },
    ]);
  });

  it('keeps every count, and rolling the hours up again changes nothing', () => {
    const minute = fc
      .integer({ min: 0, max: 6 * 60 })
      .map((m) => new Date(Date.UTC(2027, 2, 1) + m * 60_000));
    const bucket = fc.record({
      action: fc.constantFrom('checkout' as const, 'submit_order' as const),
      minute,
      stats: callStats,
    });
    fc.assert(
      fc.property(fc.array(bucket, { maxLength: 40 }), (list) => {
        const minutes = list.map(({ action, minute, stats }) => ({ partnerId: P, action, minute, ...stats }));
        const hours = rollUpCalls(minutes);
        const total = (xs: { okCount: number }[]) => xs.reduce((n, x) => n + x.okCount, 0);
        expect(total(hours)).toBe(total(minutes));
        expect(rollUpCalls(hours.map(({ hour, ...rest }) => ({ ...rest, minute: hour })))).toEqual(hours);
      }),
    );
  });

  it('rolls feeds and merchants up the same way', () => {
    const minute = new Date('2027-03-01T10:10:00Z');
    const hour = new Date('2027-03-01T10:00:00Z');
    const feed = {
      partnerId: P,
      feed: 'menu',
      minute,
      ingestions: 1,
      cleanIngestions: 1,
      records: 5,
      errors: 0,
      warnings: 2,
    };
    expect(rollUpFeeds([feed, { ...feed, cleanIngestions: 0, errors: 3 }])).toEqual([
      {
        partnerId: P,
        feed: 'menu',
        hour,
        ingestions: 2,
        cleanIngestions: 1,
        records: 10,
        errors: 3,
        warnings: 4,
      },
    ]);
    const merchants = { partnerId: P, minute, servingSum: 8, totalSum: 10, samples: 1 };
    expect(rollUpMerchants([merchants, merchants])).toEqual([
      { partnerId: P, hour, servingSum: 16, totalSum: 20, samples: 2 },
    ]);
  });

  it('makes rows bucket-store.ts takes as they are', () => {
    const rows: [CallBucketRow[], FeedBucketRow[], MerchantBucketRow[]] = [
      rollUpCalls([]).map(({ hour, ...r }) => ({ ...r, minute: hour })),
      rollUpFeeds([]).map(({ hour, ...r }) => ({ ...r, minute: hour })),
      rollUpMerchants([]).map(({ hour, ...r }) => ({ ...r, minute: hour })),
    ];
    expect(rows.flat()).toEqual([]);
  });
});
