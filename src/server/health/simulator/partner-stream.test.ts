import { describe, expect, it } from 'vitest';
import { HEALTH_ACTIONS } from '../../../shared/health.js';
import { MINUTE } from '../../lib/clock.js';
import { createSimulation, generateSignals } from './generate.js';
import { PartnerStream, type SignalInput, servingShareAt, traitsOf } from './partner-stream.js';
import { seededRandom, seedOf } from './random.js';
import { FLAPPING, PLATFORM_TIMEOUT_MS, type Scenario } from './scenarios.js';

const START = Date.parse('2027-03-01T12:00:00Z');
const ID = '00000000-0000-4000-8000-000000000001';

function emitted(scenario: Scenario, minutes: number, ratePerSecond = 20, seed = 3) {
  const stream = new PartnerStream({
    partnerId: ID,
    scenario,
    ratePerSecond,
    start: START,
    seed,
    feedIntervalMs: 5 * MINUTE,
    merchantsIntervalMs: MINUTE,
  });
  const out: SignalInput[] = [];
  stream.emitUntil(START + minutes * MINUTE, out);
  return out;
}
type Of<T extends SignalInput['type']> = Extract<SignalInput, { type: T }>;
const ofType = <T extends SignalInput['type']>(events: SignalInput[], type: T) =>
  events.filter((e): e is Of<T> => e.type === type);
const ms = (e: SignalInput) => Date.parse(e.at);

/**
 * Each failure of one action's calls, counted with the calls before it: at most 4 in a row, in its last 10 minutes
 * (by minute) at most 4 errors or 2 % of the calls, and overall at most 0.8 % of the calls plus 4. Answers the most
 * errors a 10 minutes held.
 */
function expectWithinFlappingCaps(calls: Of<'call'>[]) {
  let busiest = 0;
  const minutes = calls.map((c) => Math.floor(ms(c) / MINUTE));
  let [errorsSoFar, streak] = [0, 0];
  calls.forEach((c, i) => {
    streak = c.outcome === 'error' ? streak + 1 : 0;
    expect(streak).toBeLessThanOrEqual(FLAPPING.maxConsecutive);
    if (c.outcome !== 'error') return;
    errorsSoFar++;
    expect(errorsSoFar).toBeLessThanOrEqual(FLAPPING.overallRatio * (i + 1) + FLAPPING.overallSlack);
    const minute = minutes[i] as number;
    let [windowCalls, windowErrors] = [0, 0];
    for (let j = i; j >= 0 && (minutes[j] as number) > minute - 10; j--) {
      windowCalls++;
      if (calls[j]?.outcome === 'error') windowErrors++;
    }
    expect(
      windowErrors <= FLAPPING.windowErrors || windowErrors <= FLAPPING.windowRatio * windowCalls,
      `${windowErrors} errors in ${windowCalls} calls`,
    ).toBe(true);
    busiest = Math.max(busiest, windowErrors);
  });
  return busiest;
}

describe('PartnerStream calls', () => {
  it('outage: half time-outs at 97–100 % of the limit without a status, half HTTP 500 after 60–95 % of it', () => {
    const calls = ofType(emitted('outage', 5), 'call');
    const timeouts = calls.filter((c) => c.errorType === 'TIMEOUT');
    const http500 = calls.filter((c) => c.httpStatus === 500);
    expect(timeouts.length + http500.length).toBe(calls.length);
    expect(timeouts.length / calls.length).toBeGreaterThan(0.45);
    expect(timeouts.length / calls.length).toBeLessThan(0.55);
    for (const c of timeouts) {
      expect(c.httpStatus).toBeUndefined();
      expect(c.latencyMs).toBeGreaterThanOrEqual(0.97 * PLATFORM_TIMEOUT_MS);
      expect(c.latencyMs).toBeLessThanOrEqual(PLATFORM_TIMEOUT_MS);
    }
    for (const c of http500) {
      expect(c.errorType).toBeUndefined();
      expect(c.latencyMs).toBeGreaterThanOrEqual(0.6 * PLATFORM_TIMEOUT_MS);
      expect(c.latencyMs).toBeLessThanOrEqual(0.95 * PLATFORM_TIMEOUT_MS);
    }
    expect(calls.every((c) => c.outcome === 'error' && /^store-\d+$/.test(c.merchantId ?? ''))).toBe(true);
  });

  it('errors10: failed calls answer 200 with the error type, time-outs none and near the limit; the rest ok', () => {
    const calls = ofType(emitted('errors10', 10), 'call');
    const errors = calls.filter((c) => c.outcome === 'error');
    expect(errors.length / calls.length).toBeGreaterThan(0.09);
    expect(errors.length / calls.length).toBeLessThan(0.11);
    expect(new Set(errors.map((c) => c.errorType))).toEqual(
      new Set(['NO_CAPACITY', 'PRICE_CHANGED', 'CLOSED', 'INVALID', 'TIMEOUT']),
    );
    for (const c of errors) {
      if (c.errorType === 'TIMEOUT') {
        expect(c.httpStatus).toBeUndefined();
        expect(c.latencyMs).toBeGreaterThanOrEqual(0.97 * PLATFORM_TIMEOUT_MS);
        expect(c.latencyMs).toBeLessThanOrEqual(PLATFORM_TIMEOUT_MS);
      } else {
        expect(c.httpStatus).toBe(200);
        expect(c.errorType).toMatch(/^(NO_CAPACITY|PRICE_CHANGED|CLOSED|INVALID)$/);
      }
    }
    for (const c of calls.filter((c) => c.outcome === 'ok')) {
      expect(c).toMatchObject({ httpStatus: 200 });
      expect(c.errorType).toBeUndefined();
      expect(c.latencyMs).toBeLessThan(PLATFORM_TIMEOUT_MS);
    }
  });

  it('healthy: the partner’s own error rate, drawn from its seed', () => {
    // Seed 7 draws this partner a rate of 0.33 %; 72,000 calls put the sample within 0.08 points of it.
    const calls = ofType(emitted('healthy', 60, 20, 7), 'call');
    const rate = traitsOf(seededRandom(seedOf(7, ID))).errorRate;
    expect(rate).toBeCloseTo(0.00327, 5);
    const ratio = calls.filter((c) => c.outcome === 'error').length / calls.length;
    expect(Math.abs(ratio - rate)).toBeLessThan(0.0008);
  });

  it('flapping: about 0.6 % errors, never a time-out, each failure within the caps that keep the rules quiet', () => {
    for (const [rate, seed] of [
      [0.5, 1],
      [2, 2],
      [5, 3],
    ] as const) {
      const calls = ofType(emitted('flapping', 6 * 60, rate, seed), 'call');
      const errors = calls.filter((c) => c.outcome === 'error');
      expect(errors.every((c) => c.errorType !== 'TIMEOUT' && c.httpStatus === 200)).toBe(true);
      expect(errors.length / calls.length).toBeGreaterThan(0.004);
      expect(errors.length / calls.length).toBeLessThan(0.008);
      // Bursts of 2–4 failures in a row, never more.
      const streaks = new Set<number>();
      let streak = 0;
      for (const c of [...calls, null]) {
        if (c?.outcome === 'error') streak++;
        else if (streak > 0) {
          streaks.add(streak);
          streak = 0;
        }
      }
      expect([...streaks].sort()).toEqual([1, 2, 3, 4]);
      const busiest = Math.max(
        ...HEALTH_ACTIONS.map((action) => expectWithinFlappingCaps(calls.filter((c) => c.action === action))),
      );
      // At one call every two seconds 2 % of a 10 minutes' calls is 3 errors: the cap of 4 is what binds.
      if (rate === 0.5) expect(busiest).toBe(FLAPPING.windowErrors);
    }
  });

  it('comes in time order, each call after the last, at the partner’s rate; none at rate 0', () => {
    const calls = ofType(emitted('healthy', 10), 'call');
    expect(calls.length / 600).toBeGreaterThan(19);
    expect(calls.length / 600).toBeLessThan(21);
    expect(calls.every((c, i) => i === 0 || ms(c) >= ms(calls[i - 1] as SignalInput))).toBe(true);
    expect(ms(calls[0] as SignalInput)).toBeGreaterThanOrEqual(START);
    expect(ofType(emitted('healthy', 10, 0), 'call')).toEqual([]);
  });
});

describe('PartnerStream feeds and merchants', () => {
  it('ingests each feed every 4–6 minutes with records in proportion to the merchants, the menu five per merchant', () => {
    const events = emitted('healthy', 120, 1);
    for (const feed of ['restaurant', 'service', 'menu'] as const) {
      const list = ofType(events, 'feed').filter((f) => f.feed === feed);
      expect(ms(list[0] as SignalInput) - START).toBeLessThan(5 * MINUTE);
      for (let i = 1; i < list.length; i++) {
        const gap = ms(list[i] as SignalInput) - ms(list[i - 1] as SignalInput);
        expect(gap).toBeGreaterThanOrEqual(4 * MINUTE - 1);
        expect(gap).toBeLessThanOrEqual(6 * MINUTE + 1);
      }
      expect(list.every((f) => f.records >= 1 && f.errors === 0 && f.warnings >= 0 && f.warnings <= 5)).toBe(
        true,
      );
    }
    const mean = (feed: string) => {
      const list = ofType(events, 'feed').filter((f) => f.feed === feed);
      return list.reduce((a, f) => a + f.records, 0) / list.length;
    };
    expect(mean('menu') / mean('restaurant')).toBeGreaterThan(3.5);
    expect(mean('menu') / mean('restaurant')).toBeLessThan(7);
    // Each restaurant ingestion holds 2–10 % of the partner's merchants.
    const { merchants } = traitsOf(seededRandom(seedOf(3, ID)));
    for (const f of ofType(events, 'feed').filter((f) => f.feed === 'restaurant')) {
      expect(f.records).toBeGreaterThanOrEqual(Math.max(1, Math.round(0.02 * merchants)));
      expect(f.records).toBeLessThanOrEqual(Math.round(0.1 * merchants));
    }
  });

  it('starts each partner’s feeds anywhere in the first interval, and warns in about 3 % of ingestions', () => {
    const firstOffsets = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => {
      const feeds = ofType(emitted('healthy', 5, 0, seed), 'feed');
      return Math.min(...feeds.map((f) => ms(f) - START));
    });
    expect(Math.max(...firstOffsets)).toBeGreaterThan(2.5 * MINUTE);
    expect(Math.max(...firstOffsets)).toBeLessThan(5 * MINUTE);
    const feeds = ofType(emitted('healthy', 24 * 60, 0), 'feed');
    const warned = feeds.filter((f) => f.warnings > 0);
    expect(warned.length / feeds.length).toBeGreaterThan(0.01);
    expect(warned.length / feeds.length).toBeLessThan(0.06);
    expect(warned.every((f) => f.warnings >= 1 && f.warnings <= 5)).toBe(true);
  });

  it('stale-feed: every ingestion has errors, at most half its records', () => {
    const feeds = ofType(emitted('stale-feed', 60, 1), 'feed');
    expect(feeds.length).toBeGreaterThanOrEqual(3 * 10);
    expect(feeds.every((f) => f.errors >= 1 && f.errors <= Math.max(1, Math.floor(f.records / 2)))).toBe(
      true,
    );
    expect(feeds.some((f) => f.errors > 1)).toBe(true);
  });

  it('reports merchants every interval, the usual share ± 1 % of a constant total', () => {
    const reports = ofType(emitted('healthy', 30, 1), 'merchants');
    expect(reports).toHaveLength(30);
    expect(reports.every((r, i) => i === 0 || ms(r) - ms(reports[i - 1] as SignalInput) === MINUTE)).toBe(
      true,
    );
    const total = reports[0]?.total as number;
    expect(reports.every((r) => r.total === total)).toBe(true);
    const shares = reports.map((r) => r.serving / r.total);
    expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(0.02 + 1 / total);
    expect(Math.max(...shares) - Math.min(...shares)).toBeGreaterThan(0.005);
    expect(Math.min(...shares)).toBeGreaterThanOrEqual(0.92 - 1 / total);
  });

  it('servingShareAt falls linearly over ten minutes from the start, to the middle of the dropped range', () => {
    const traits = { errorRate: 0, medianMs: 200, merchants: 100, servingShare: 0.95 };
    const dropping = { scenario: 'merchants-dropping' as const, start: START };
    expect(servingShareAt(dropping, traits, START - MINUTE)).toBeCloseTo(0.95, 10);
    expect(servingShareAt(dropping, traits, START)).toBeCloseTo(0.95, 10);
    expect(servingShareAt(dropping, traits, START + 5 * MINUTE)).toBeCloseTo((0.95 + 0.315) / 2, 10);
    expect(servingShareAt(dropping, traits, START + 10 * MINUTE)).toBeCloseTo(0.315, 10);
    expect(servingShareAt(dropping, traits, START + 60 * MINUTE)).toBeCloseTo(0.315, 10);
    expect(servingShareAt({ scenario: 'healthy', start: START }, traits, START + 60 * MINUTE)).toBe(0.95);
  });
});

describe('createSimulation and generateSignals', () => {
  const partners = [{ id: ID, scenario: 'healthy' as const }];

  it('advances only forward: asking for a time already reached gives nothing, and no event twice', () => {
    const simulation = createSimulation({ partners, ratePerSecond: 10, start: START, seed: 1 });
    const first = simulation.advance(START + MINUTE);
    expect(first.length).toBeGreaterThan(0);
    expect(simulation.advance(START + MINUTE)).toEqual([]);
    expect(simulation.advance(START)).toEqual([]);
    const next = simulation.advance(START + 2 * MINUTE);
    expect(next.every((e) => ms(e) >= START + MINUTE && ms(e) < START + 2 * MINUTE)).toBe(true);
    expect(
      createSimulation({ partners: [], ratePerSecond: 10, start: START, seed: 1 }).advance(START + MINUTE),
    ).toEqual([]);
  });

  it('generates the live simulation’s events step by step, in batches of batchSize until the last', () => {
    const options = { partners, ratePerSecond: 10, from: START, to: START + 2 * MINUTE, seed: 4 };
    const simulation = createSimulation({ ...options, start: START });
    const live: SignalInput[] = [];
    for (let at = START + 7000; at < options.to + 7000; at += 7000)
      live.push(...simulation.advance(Math.min(at, options.to)));
    const batches = [...generateSignals({ ...options, batchSize: 100, stepMs: 7000 })];
    expect(batches.slice(0, -1).every((b) => b.length === 100)).toBe(true);
    expect((batches.at(-1) as SignalInput[]).length).toBeLessThanOrEqual(100);
    expect(batches.flat()).toEqual(live);
    expect([...generateSignals({ ...options, to: START })]).toEqual([]);
  });
});
