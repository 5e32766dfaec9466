import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../lib/clock.js';
import { createSimulation, generateSignals } from './generate.js';
import { PartnerStream, type SignalInput, servingShareAt } from './partner-stream.js';
import { PLATFORM_TIMEOUT_MS, type Scenario } from './scenarios.js';

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
    for (const c of errors) {
      if (c.errorType === 'TIMEOUT') {
        expect(c.httpStatus).toBeUndefined();
        expect(c.latencyMs).toBeGreaterThanOrEqual(0.97 * PLATFORM_TIMEOUT_MS);
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

  it('flapping: errors never time out', () => {
    const calls = ofType(emitted('flapping', 120, 10), 'call');
    const errors = calls.filter((c) => c.outcome === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((c) => c.errorType !== 'TIMEOUT' && c.httpStatus === 200)).toBe(true);
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
  });

  it('stale-feed: every ingestion has errors, at most half its records', () => {
    const feeds = ofType(emitted('stale-feed', 60, 1), 'feed');
    expect(feeds.length).toBeGreaterThanOrEqual(3 * 10);
    expect(feeds.every((f) => f.errors >= 1 && f.errors <= Math.max(1, Math.floor(f.records / 2)))).toBe(
      true,
    );
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
