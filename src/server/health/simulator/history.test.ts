import { describe, expect, it } from 'vitest';
import { HEALTH_ACTIONS, LATENCY_BINS } from '../../../shared/health.js';
import { HOUR, MINUTE } from '../../lib/clock.js';
import { type CallStats, callCount, emptyCallStats, mergeCallStats } from '../buckets.js';
import { addSpread, dayShape, type HistoryOptions, historyBuckets } from './history.js';
import { traitsOf } from './partner-stream.js';
import { seededRandom, seedOf } from './random.js';
import { PLATFORM_TIMEOUT_MS, type Scenario, SLOW_LATENCY } from './scenarios.js';

const DAY = Date.parse('2027-03-01T00:00:00Z');
const ID = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';

function steps(scenario: Scenario, options: Partial<HistoryOptions> = {}) {
  return [
    ...historyBuckets({
      partners: [{ id: ID, scenario }],
      from: DAY,
      to: DAY + 24 * HOUR,
      ratePerSecond: 20,
      seed: 11,
      unit: 'hour',
      ...options,
    }),
  ];
}
const callsOver = (list: ReturnType<typeof steps>) =>
  list.flatMap((s) => s.calls).reduce<CallStats>(mergeCallStats, emptyCallStats());

describe('dayShape', () => {
  it('is a fifth of the peak at 03:00 UTC, the peak at 15:00, and between at 09:00 and 21:00, every day', () => {
    expect(dayShape(DAY + 3 * HOUR)).toBeCloseTo(0.2, 10);
    expect(dayShape(DAY + 15 * HOUR)).toBeCloseTo(1, 10);
    expect(dayShape(DAY + 9 * HOUR)).toBeCloseTo(0.6, 10);
    expect(dayShape(DAY + 21 * HOUR)).toBeCloseTo(0.6, 10);
    expect(dayShape(DAY + 24 * HOUR + 15 * HOUR)).toBeCloseTo(1, 10);
  });
});

describe('addSpread', () => {
  it('rounds each bin’s share down, then gives the missing calls to the largest remainders, first bins first', () => {
    const bins = new Array<number>(LATENCY_BINS).fill(0);
    // Uniform over 0–1000 ms, 10 calls: shares 0.25, 0.25, 0.5, 1.5, 2.5, 5 for the bins up to 1 s.
    addSpread(bins, 10, (ms) => Math.min(1, ms / 1000));
    expect(bins).toEqual([0, 0, 1, 2, 2, 5, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('adds to what the bins hold, puts what the CDF leaves past the last bound in the last bin, and nothing for 0', () => {
    const bins = new Array<number>(LATENCY_BINS).fill(1);
    addSpread(bins, 0, () => 1);
    expect(bins).toEqual(new Array(LATENCY_BINS).fill(1));
    addSpread(bins, 4, () => 0);
    expect(bins).toEqual([...new Array(LATENCY_BINS - 1).fill(1), 5]);
  });
});

describe('historyBuckets by scenario', () => {
  it('follows the time of day: about five times the calls at 15:00 as at 03:00', () => {
    const day = steps('healthy');
    const at = (hour: number) => callCount(callsOver(day.filter((s) => s.start === DAY + hour * HOUR)));
    // 20 calls a second at the peak: 72,000 an hour, ± 10 % per action.
    expect(at(15)).toBeGreaterThan(0.9 * 72_000);
    expect(at(15)).toBeLessThan(1.1 * 72_000);
    expect(at(3) / at(15)).toBeGreaterThan(0.17);
    expect(at(3) / at(15)).toBeLessThan(0.23);
    // The rate is over all partners: two share it.
    const two = steps('healthy', {
      partners: [
        { id: ID, scenario: 'healthy' },
        { id: OTHER, scenario: 'healthy' },
      ],
    });
    const peak = callsOver(two.filter((s) => s.start === DAY + 15 * HOUR));
    expect(callCount(peak)).toBeGreaterThan(0.9 * 72_000);
    expect(callCount(peak)).toBeLessThan(1.1 * 72_000);
  });

  it('draws an episode from its start up to its end, exclusive', () => {
    const episodes = [
      { partnerId: ID, scenario: 'errors10' as const, from: DAY + 2 * HOUR, to: DAY + 4 * HOUR },
    ];
    const day = steps('healthy', { episodes, to: DAY + 6 * HOUR });
    const ratio = (hour: number) => {
      const stats = callsOver(day.filter((s) => s.start === DAY + hour * HOUR));
      return stats.errorCount / callCount(stats);
    };
    expect([1, 2, 3, 4].map((h) => ratio(h) > 0.05)).toEqual([false, true, true, false]);
  });

  it('healthy: the partner’s own error rate, the one its seed draws for the live simulation too', () => {
    const rate = traitsOf(seededRandom(seedOf(7, ID))).errorRate;
    const stats = callsOver(steps('healthy', { seed: 7, to: DAY + 3 * 24 * HOUR }));
    expect(Math.abs(stats.errorCount / callCount(stats) - rate)).toBeLessThan(0.0006);
  });

  it('flapping: the base rate and the bursts, 0.6 % of the calls', () => {
    const stats = callsOver(steps('flapping'));
    expect(stats.errorCount / callCount(stats)).toBeCloseTo(0.006, 3);
  });

  it('shares the calls between the actions: half checkouts, three tenths orders, a fifth updates', () => {
    const day = steps('healthy');
    const total = callCount(callsOver(day));
    const share = (action: string) =>
      callCount(callsOver(day.map((s) => ({ ...s, calls: s.calls.filter((b) => b.action === action) })))) /
      total;
    expect(HEALTH_ACTIONS.map(share).map((s) => Math.round(s * 100) / 100)).toEqual([0.5, 0.3, 0.2]);
  });

  it('outage: every call an error, half time-outs at the limit and half HTTP 500 over 18–28.5 s', () => {
    const stats = callsOver(steps('outage', { to: DAY + 2 * HOUR }));
    const calls = callCount(stats);
    expect(stats.okCount).toBe(0);
    expect(stats.errorCount).toBe(calls);
    const { TIMEOUT: timeouts = 0, HTTP_500: http500 = 0, ...others } = stats.errorTypes;
    expect(others).toEqual({});
    expect(timeouts + http500).toBe(calls);
    expect(timeouts / calls).toBeGreaterThan(0.48);
    expect(timeouts / calls).toBeLessThan(0.52);
    // Bins: 12–20 s, 20–30 s and over 30 s; nothing faster than 12 s.
    expect(stats.latencyCounts.slice(0, 11).every((n) => n === 0)).toBe(true);
    // HTTP 500s uniform over 18–28.5 s: 2 of their 10.5 seconds fall under 20 s; time-outs all in 20–30 s.
    expect((stats.latencyCounts[11] as number) / calls).toBeCloseTo((http500 / calls) * (2 / 10.5), 2);
    expect(stats.latencyCounts[13]).toBe(0);
    expect(stats.latencySumMs / calls).toBeCloseTo(((0.985 + 0.775) / 2) * PLATFORM_TIMEOUT_MS, -2);
  });

  it('slow: the log-normal’s mean, 5.5 s · e^(σ²/2), and most calls over 5 s', () => {
    const stats = callsOver(steps('slow', { to: DAY + 2 * HOUR }));
    const calls = callCount(stats);
    const mean = SLOW_LATENCY.median * Math.exp(SLOW_LATENCY.sigma ** 2 / 2);
    expect(stats.latencySumMs / calls).toBeGreaterThan(mean - 30);
    expect(stats.latencySumMs / calls).toBeLessThan(mean + 30 + 0.01 * PLATFORM_TIMEOUT_MS);
    const over5s = stats.latencyCounts.slice(9).reduce((a, n) => a + n, 0);
    expect(over5s / calls).toBeGreaterThan(0.5);
  });

  it('errors10: a tenth of the calls fail, of every platform error type', () => {
    const stats = callsOver(steps('errors10'));
    expect(stats.errorCount / callCount(stats)).toBeCloseTo(0.1, 2);
    expect(Object.keys(stats.errorTypes).sort()).toEqual([
      'CLOSED',
      'INVALID',
      'NO_CAPACITY',
      'PRICE_CHANGED',
      'TIMEOUT',
    ]);
    expect(stats.errorTypes.NO_CAPACITY).toBeGreaterThan(stats.errorTypes.TIMEOUT as number);
    // No type is listed with a count of 0, in any bucket, however few its calls.
    for (const scenario of ['errors10', 'outage'] as const) {
      const buckets = steps(scenario, { unit: 'minute', ratePerSecond: 0.1, to: DAY + 2 * HOUR }).flatMap(
        (s) => s.calls,
      );
      expect(buckets.some((b) => b.errorCount > 0)).toBe(true);
      for (const b of buckets) expect(Object.values(b.errorTypes).every((n) => n > 0)).toBe(true);
    }
  });

  it('feeds: every ingestion clean when healthy, none clean and a fifth of the records in error when stale', () => {
    for (const feed of steps('healthy').flatMap((s) => s.feeds)) {
      expect(feed.cleanIngestions).toBe(feed.ingestions);
      expect(feed.errors).toBe(0);
    }
    const stale = steps('stale-feed').flatMap((s) => s.feeds);
    // Every 5 minutes: 12 ingestions of each of the three feeds an hour.
    expect(stale).toHaveLength(24 * 3);
    // Records: 6 % of the merchants an ingestion, five a merchant for the menu.
    const { merchants } = traitsOf(seededRandom(seedOf(11, ID)));
    for (const feed of stale)
      expect(feed.records).toBe(Math.round(12 * merchants * (feed.feed === 'menu' ? 5 : 1) * 0.06));
    for (const feed of stale) {
      expect(feed.ingestions).toBe(12);
      expect(feed.cleanIngestions).toBe(0);
      expect(feed.errors).toBe(Math.max(feed.ingestions, Math.round(feed.records * 0.2)));
    }
  });

  it('feeds warn now and then: in about a third of the hours, 1 to 5 warnings', () => {
    const feeds = steps('healthy', { to: DAY + 7 * 24 * HOUR }).flatMap((s) => s.feeds);
    const warned = feeds.filter((f) => f.warnings > 0);
    // Twelve ingestions an hour, each warning with a chance of 3 %.
    expect(warned.length / feeds.length).toBeGreaterThan(0.25);
    expect(warned.length / feeds.length).toBeLessThan(0.47);
    expect(warned.every((f) => f.warnings <= 5)).toBe(true);
    expect(new Set(warned.map((f) => f.warnings)).size).toBe(5);
  });

  it('minute buckets: a feed ingestion in about one minute of five, a merchants sample every minute', () => {
    const minutes = steps('healthy', { unit: 'minute', to: DAY + 10 * HOUR });
    expect(minutes).toHaveLength(600);
    const withFeed = minutes.filter((s) => s.feeds.some((f) => f.feed === 'menu')).length;
    expect(withFeed / 600).toBeGreaterThan(0.15);
    expect(withFeed / 600).toBeLessThan(0.25);
    expect(minutes.every((s) => s.merchants.length === 1 && s.merchants[0]?.samples === 1)).toBe(true);
    const hour = steps('healthy')[0]?.merchants[0];
    expect(hour?.samples).toBe(60);
    expect((hour?.totalSum as number) % 60).toBe(0);
    expect((hour?.totalSum as number) / 60).toBe(minutes[0]?.merchants[0]?.totalSum);
  });

  it('merchants-dropping: serving falls from the usual share to a third within ten minutes of the start', () => {
    const minutes = steps('merchants-dropping', { unit: 'minute', to: DAY + 20 * MINUTE });
    const share = (i: number) => {
      const m = minutes[i]?.merchants[0];
      return (m?.servingSum ?? 0) / (m?.totalSum ?? 1);
    };
    expect(share(0)).toBeGreaterThan(0.92);
    expect(share(5)).toBeLessThan(share(0));
    expect(share(5)).toBeGreaterThan(share(10));
    for (const i of [10, 15, 19]) expect(share(i)).toBeCloseTo(0.315, 2);
  });

  it('rounds from and to down to the unit: no bucket for a part of one', () => {
    const list = steps('healthy', { from: DAY + 30 * MINUTE, to: DAY + 3 * HOUR + 59 * MINUTE });
    expect(list.map((s) => s.start)).toEqual([DAY, DAY + HOUR, DAY + 2 * HOUR]);
    expect(steps('healthy', { partners: [] }).every((s) => s.calls.length === 0)).toBe(true);
  });
});
