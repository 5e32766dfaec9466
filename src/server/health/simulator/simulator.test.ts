import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEALTH_ACTIONS, type HealthAction, LATENCY_BOUNDS_MS } from '../../../shared/health.js';
import { HOUR, MINUTE } from '../../lib/clock.js';
import { bucketSignals } from '../bucket-signals.js';
import {
  type CallBucket,
  type CallStats,
  callCount,
  emptyCallStats,
  errorRatio,
  latencyBin,
  mergeCallStats,
} from '../buckets.js';
import { MINUTE_WINDOW_LIMIT } from '../evaluate/call-windows.js';
import { feedHistoryOf } from '../rules/feeds.js';
import { DEFAULT_RULE_SETTINGS as settings } from '../rules/settings.js';
import { advanceStreak, NO_STREAK, type Streak } from '../rules/streak.js';
import { evaluateAction, evaluateMerchants } from '../rules.js';
import { type CallEvent, type SignalEvent, validateSignals } from '../signals.js';
import { callWindowOf } from '../windows.js';
import { generateSignals, type SimulatedPartner } from './generate.js';
import { historyBuckets } from './history.js';
import type { SignalInput } from './partner-stream.js';
import { ERROR_MIX, SCENARIOS, type Scenario } from './scenarios.js';

const FROM = Date.parse('2027-03-01T12:00:00Z');
const partnerIds = SCENARIOS.map((_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
const ID = partnerIds[0] as string;

/** The events of one partner in one scenario over `minutes`, checked as intake checks them. */
function run(scenario: Scenario, minutes: number, ratePerSecond: number, seed = 7) {
  const batches = [
    ...generateSignals({
      partners: [{ id: ID, scenario }],
      from: FROM,
      to: FROM + minutes * MINUTE,
      ratePerSecond,
      seed,
    }),
  ];
  return checked(batches.flat(), FROM + minutes * MINUTE);
}

function checked(raw: readonly SignalInput[], now: number): SignalEvent[] {
  const { events, rejected } = validateSignals(raw, {
    now,
    retentionMs: 30 * 24 * HOUR,
    knownPartners: new Set(partnerIds),
  });
  expect(rejected).toEqual([]);
  return events;
}

/**
 * The days before FROM as the database holds them: the long windows a partner's rules read are never empty in
 * production, and the windows up to MINUTE_WINDOW_LIMIT are summed from minutes. Hours alone left the first hour's
 * one-hour window with only its own few calls.
 */
function history(scenario: Scenario, ratePerSecond: number, seed: number, days = 3) {
  const minutesFrom = FROM - MINUTE_WINDOW_LIMIT * MINUTE;
  const span = (from: number, to: number, unit: 'hour' | 'minute') =>
    [...historyBuckets({ partners: [{ id: ID, scenario }], from, to, ratePerSecond, seed, unit })].flatMap(
      (s) => s.calls,
    );
  return [...span(FROM - days * 24 * HOUR, minutesFrom, 'hour'), ...span(minutesFrom, FROM, 'minute')];
}

const callsOf = (events: readonly SignalEvent[]) => events.filter((e): e is CallEvent => e.type === 'call');
const ratioOf = (calls: readonly CallEvent[]) =>
  calls.filter((c) => c.outcome === 'error').length / calls.length;
function quantile(values: number[], q: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/**
 * Every action's findings at the end of each minute of the events, the streak advanced minute by minute as intake
 * advances it per batch, over `before` (history buckets) and the events' own minute buckets.
 */
function findingsEachMinute(events: readonly SignalEvent[], minutes: number, before: CallBucket[] = []) {
  const byMinute = Array.from({ length: minutes }, () => [] as CallEvent[]);
  for (const c of callsOf(events)) byMinute[Math.floor((c.at - FROM) / MINUTE)]?.push(c);
  const found = new Set<string>();
  const streaks = new Map<HealthAction, Streak>();
  const buckets = new Map<HealthAction, CallBucket[]>(
    HEALTH_ACTIONS.map((a) => [a, before.filter((b) => b.action === a)]),
  );
  for (let m = 0; m < minutes; m++) {
    const minute = byMinute[m] as CallEvent[];
    for (const b of bucketSignals(minute).calls) buckets.get(b.action)?.push(b);
    for (const action of HEALTH_ACTIONS) {
      const streak = advanceStreak(
        streaks.get(action) ?? NO_STREAK,
        minute.filter((c) => c.action === action),
      );
      streaks.set(action, streak);
      const window = callWindowOf(buckets.get(action) ?? [], FROM + (m + 1) * MINUTE - 1);
      for (const f of evaluateAction(action, window, streak, settings)) found.add(`${f.rule}:${f.severity}`);
    }
  }
  return found;
}

describe('generateSignals', () => {
  const partners: SimulatedPartner[] = SCENARIOS.map((scenario, i) => ({
    id: partnerIds[i] as string,
    scenario,
  }));
  const options = { partners, from: FROM, to: FROM + 3 * MINUTE, ratePerSecond: 700, seed: 1 };

  it('is deterministic for a seed and differs for another', () => {
    const once = [...generateSignals(options)];
    expect([...generateSignals(options)]).toEqual(once);
    expect([...generateSignals({ ...options, seed: 2 })]).not.toEqual(once);
  });

  it('sends only events intake accepts, every kind for every partner, in batches up to the limit', () => {
    const batches = [...generateSignals({ ...options, batchSize: 5000 })];
    expect(batches.every((b) => b.length <= 5000)).toBe(true);
    expect(batches.slice(0, -1).every((b) => b.length === 5000)).toBe(true);
    const events = checked(batches.flat(), options.to);
    for (const { id } of partners)
      expect(new Set(events.filter((e) => e.partnerId === id).map((e) => e.type))).toEqual(
        new Set(['call', 'feed', 'merchants']),
      );
    expect(events.every((e) => e.at >= FROM && e.at < options.to)).toBe(true);
  });

  it('calls at the rate asked for, shared between the partners', () => {
    const calls = callsOf(checked([...generateSignals(options)].flat(), options.to));
    expect(calls.length / 180).toBeGreaterThan(700 * 0.95);
    expect(calls.length / 180).toBeLessThan(700 * 1.05);
  });
});

describe('scenarios', () => {
  it('healthy: 0.3–0.8 % errors of the platform types, p50 120–400 ms, 92–98 % serving, clean feeds, no finding', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (seed) => {
        const events = run('healthy', 60, 30, seed);
        const calls = callsOf(events);
        expect(ratioOf(calls)).toBeGreaterThan(0.002);
        expect(ratioOf(calls)).toBeLessThan(0.01);
        for (const c of calls.filter((c) => c.outcome === 'error'))
          expect(Object.keys(ERROR_MIX)).toContain(c.errorType);
        const p50 = quantile(
          calls.filter((c) => c.outcome === 'ok').map((c) => c.latencyMs),
          0.5,
        );
        expect(p50).toBeGreaterThan(110);
        expect(p50).toBeLessThan(420);
        for (const e of events) {
          if (e.type === 'merchants') {
            expect(e.serving / e.total).toBeGreaterThanOrEqual(0.91);
            expect(e.serving / e.total).toBeLessThanOrEqual(0.98);
          }
          if (e.type === 'feed') expect(e.errors).toBe(0);
        }
        expect(events.filter((e) => e.type === 'feed').length).toBeGreaterThanOrEqual(3 * 9);
        expect(findingsEachMinute(events, 60, history('healthy', 30, seed))).toEqual(new Set());
      }),
      { numRuns: 5 },
    );
  });

  it('outage: every call fails with HTTP 500 or TIMEOUT near the time-out, and it is hard-down at once', () => {
    const calls = callsOf(run('outage', 10, 20));
    expect(calls.length).toBeGreaterThan(10_000);
    expect(ratioOf(calls)).toBe(1);
    for (const c of calls) {
      expect(c.errorType === 'TIMEOUT' || c.httpStatus === 500).toBe(true);
      expect(c.latencyMs).toBeGreaterThanOrEqual(18_000);
    }
    expect(findingsEachMinute(calls, 10)).toContain('hard_down:critical');
  });

  it('errors10: a steady 10 %, which after a healthy week is an error-increase escalation, high', () => {
    const events = run('errors10', 30, 20);
    const calls = callsOf(events);
    expect(ratioOf(calls)).toBeGreaterThan(0.09);
    expect(ratioOf(calls)).toBeLessThan(0.11);
    for (const m of [0, 10, 20]) {
      const slice = calls.filter((c) => c.at >= FROM + m * MINUTE && c.at < FROM + (m + 10) * MINUTE);
      expect(Math.abs(ratioOf(slice) - 0.1)).toBeLessThan(0.015);
    }
    const found = findingsEachMinute(events, 30, history('healthy', 20, 7, 7));
    expect(found).toContain('error_increase:high');
    expect([...found].filter((f) => f.endsWith(':critical'))).toEqual([]);
  });

  it('slow: mean over 5 s and p99 over 8 s, which the latency rule finds', () => {
    const calls = callsOf(run('slow', 15, 10));
    const latencies = calls.map((c) => c.latencyMs);
    expect(latencies.reduce((a, b) => a + b, 0) / latencies.length).toBeGreaterThan(5000);
    expect(quantile(latencies, 0.99)).toBeGreaterThan(8000);
    expect([...findingsEachMinute(calls, 15)].some((f) => f.startsWith('latency:'))).toBe(true);
  });

  it('stale-feed: every ingestion of every feed fails, so none is clean', () => {
    const events = run('stale-feed', 60, 5);
    const feeds = events.filter((e) => e.type === 'feed');
    expect(new Set(feeds.map((f) => f.feed))).toEqual(new Set(['restaurant', 'service', 'menu']));
    expect(feeds.every((f) => f.errors > 0)).toBe(true);
    const history = feedHistoryOf(bucketSignals(feeds).feeds);
    expect(history).toEqual({ lastCleanAt: null, errorsSince: expect.any(Number) });
  });

  it('merchants-dropping: serving falls under 40 % of the total within 10 minutes, a critical finding', () => {
    const reports = run('merchants-dropping', 20, 1).filter((e) => e.type === 'merchants');
    const first = reports[0] as (typeof reports)[number];
    expect(first.serving / first.total).toBeGreaterThan(0.9);
    const late = reports.filter((r) => r.at >= FROM + 10 * MINUTE);
    expect(late.length).toBeGreaterThan(5);
    for (const r of late) expect(r.serving / r.total).toBeLessThan(0.4);
    const current = bucketSignals(late).merchants.reduce(
      (sum, b) => ({
        servingSum: sum.servingSum + b.servingSum,
        totalSum: sum.totalSum + b.totalSum,
        samples: sum.samples + b.samples,
      }),
      { servingSum: 0, totalSum: 0, samples: 0 },
    );
    expect(evaluateMerchants(current, [], settings)).toMatchObject([
      { rule: 'merchants_serving', severity: 'critical' },
    ]);
  });

  it('flapping: bursts of errors that no rule finds, at any rate from one call every two seconds to 20 a second', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.double({ min: 0.5, max: 20, noNaN: true }),
        (seed, rate) => {
          const events = run('flapping', 180, rate, seed);
          const calls = callsOf(events);
          let [failing, longest] = [0, 0];
          for (const c of calls) {
            failing = c.outcome === 'error' ? failing + 1 : 0;
            longest = Math.max(longest, failing);
          }
          expect(longest).toBeGreaterThanOrEqual(2);
          expect(longest).toBeLessThanOrEqual(4);
          expect(findingsEachMinute(events, 180, history('flapping', rate, seed))).toEqual(new Set());
        },
      ),
      {
        numRuns: 3,
        examples: [
          [814958299, 0.5],
          [71868679, 0.5],
        ],
      },
    );
  });
});

describe('historyBuckets', () => {
  const partners: SimulatedPartner[] = [
    { id: ID, scenario: 'healthy' },
    { id: partnerIds[1] as string, scenario: 'healthy' },
  ];
  const week = {
    partners,
    from: FROM - 7 * 24 * HOUR,
    to: FROM,
    ratePerSecond: 40,
    seed: 3,
    unit: 'hour' as const,
    episodes: [
      { partnerId: ID, scenario: 'errors10' as const, from: FROM - 30 * HOUR, to: FROM - 27 * HOUR },
    ],
  };

  it('is a bucket per hour of the week, each consistent: bins, error types and counts agree', () => {
    const steps = [...historyBuckets(week)];
    expect(steps.map((s) => s.start)).toEqual(Array.from({ length: 168 }, (_, i) => week.from + i * HOUR));
    for (const step of steps) {
      expect(step.calls).toHaveLength(2 * HEALTH_ACTIONS.length);
      for (const b of step.calls) {
        expect(b.minute.getTime()).toBe(step.start);
        expect(b.latencyCounts).toHaveLength(LATENCY_BOUNDS_MS.length + 1);
        expect(b.latencyCounts.reduce((a, n) => a + n, 0)).toBe(callCount(b));
        expect(Object.values(b.errorTypes).reduce((a, n) => a + n, 0)).toBe(b.errorCount);
        expect(b.okCount).toBeGreaterThanOrEqual(0);
      }
      for (const m of step.merchants) expect(m.servingSum / m.totalSum).toBeGreaterThan(0.9);
      expect(step.feeds.length).toBeGreaterThan(0);
    }
  });

  it('draws the episode: yesterday’s three hours at 10 %, the rest of the week healthy', () => {
    const steps = [...historyBuckets(week)];
    const sum = (from: number, to: number, id: string) =>
      steps
        .filter((s) => s.start >= from && s.start < to)
        .flatMap((s) => s.calls.filter((b) => b.partnerId === id))
        .reduce<CallStats>(mergeCallStats, emptyCallStats());
    expect(errorRatio(sum(FROM - 30 * HOUR, FROM - 27 * HOUR, ID))).toBeCloseTo(0.1, 2);
    expect(errorRatio(sum(FROM - 27 * HOUR, FROM, ID))).toBeLessThan(0.01);
    expect(errorRatio(sum(FROM - 30 * HOUR, FROM - 27 * HOUR, partnerIds[1] as string))).toBeLessThan(0.01);
  });

  it('draws the same partner as the live simulation: its median latency falls in the same bin', () => {
    for (const seed of [1, 2, 3, 4]) {
      const live = callsOf(run('healthy', 10, 20, seed)).map((c) => c.latencyMs);
      const merged = [
        ...historyBuckets({ ...week, seed, unit: 'minute', from: FROM, to: FROM + 60 * MINUTE }),
      ]
        .flatMap((s) => s.calls.filter((b) => b.partnerId === ID))
        .reduce<CallStats>(mergeCallStats, emptyCallStats());
      let [bin, seen] = [0, merged.latencyCounts[0] as number];
      while (seen < callCount(merged) / 2) seen += merged.latencyCounts[++bin] as number;
      expect(latencyBin(quantile(live, 0.5))).toBe(bin);
    }
  });
});
