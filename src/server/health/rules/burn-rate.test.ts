import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallStats } from '../buckets.js';
import { burnRateFinding } from './burn-rate.js';
import { calls, windows } from './fixtures.js';
import { DEFAULT_RULE_SETTINGS } from './settings.js';

const settings = DEFAULT_RULE_SETTINGS.burnRate;
const severityOf = (byMinutes: Record<number, CallStats>, action = 'checkout' as const) =>
  burnRateFinding(action, windows(byMinutes), settings)?.severity ?? null;

describe('burnRateFinding at a 99 % objective', () => {
  it.each([
    ['14.4× over 1 h and 5 min', { 60: calls(1000, 144), 5: calls(100, 15) }, 'critical'],
    ['1 h just below 14.4×', { 60: calls(1000, 143), 5: calls(100, 15) }, null],
    ['5 min just below 14.4×', { 60: calls(1000, 144), 5: calls(100, 14) }, null],
    ['5 min one call short of the minimum', { 60: calls(1000, 500), 5: calls(19, 19) }, null],
    ['5 min at the minimum', { 60: calls(1000, 500), 5: calls(20, 3) }, 'critical'],
    ['1 h one call short of the minimum', { 60: calls(19, 19), 5: calls(19, 19) }, null],
    ['6× over 6 h and 30 min', { 360: calls(1000, 60), 30: calls(100, 6) }, 'high'],
    ['6 h just below 6×', { 360: calls(1000, 59), 30: calls(100, 6) }, null],
    ['30 min just below 6×', { 360: calls(1000, 60), 30: calls(100, 5) }, null],
    ['3× over 1 d and 2 h', { 1440: calls(1000, 30), 120: calls(100, 3) }, 'low'],
    ['1 d just below 3×', { 1440: calls(1000, 29), 120: calls(100, 3) }, null],
    ['1× over 3 d and 6 h', { 4320: calls(1000, 10), 360: calls(100, 1) }, 'low'],
    ['3 d just below 1×', { 4320: calls(1000, 9), 360: calls(100, 1) }, null],
    [
      'critical and high both firing',
      { 60: calls(100, 100), 5: calls(20, 20), 360: calls(100, 100), 30: calls(20, 20) },
      'critical',
    ],
    ['no calls', {}, null],
  ])('%s → %s', (_, byMinutes, expected) => {
    expect(severityOf(byMinutes)).toBe(expected);
  });

  it('holds the numbers that tripped it', () => {
    const finding = burnRateFinding(
      'submit_order',
      windows({ 60: calls(1000, 144), 5: calls(100, 15) }),
      settings,
    );
    expect(finding).toEqual({
      area: 'action:submit_order',
      rule: 'burn_rate',
      severity: 'critical',
      evidence: {
        objective: 0.99,
        factor: 14.4,
        windows: [
          { minutes: 60, calls: 1000, errors: 144, errorRatio: 0.144, burnRate: 14.4 },
          { minutes: 5, calls: 100, errors: 15, errorRatio: 0.15, burnRate: 15 },
        ],
        topErrorTypes: [{ type: 'NO_CAPACITY', count: 15 }],
      },
    });
  });

  it("uses the action's own objective", () => {
    const strict = { ...settings, objectives: { ...settings.objectives, checkout: 0.999 } };
    const w = windows({ 60: calls(1000, 15), 5: calls(100, 2) });
    expect(burnRateFinding('checkout', w, strict)?.severity).toBe('critical');
    expect(burnRateFinding('submit_order', w, strict)).toBeNull();
  });

  const lengths = [5, 30, 60, 120, 360, 1440, 4320];
  const windowSet = fc.tuple(
    ...lengths.map(() =>
      fc.integer({ min: 20, max: 2000 }).chain((n) => fc.tuple(fc.constant(n), fc.nat(n))),
    ),
  );
  const build = (counts: [number, number][], k: number) =>
    Object.fromEntries(counts.map(([n, e], i) => [lengths[i], calls(n * k, e * k)]));

  it('is scale invariant: the same ratios over k times the calls give the same severity', () => {
    fc.assert(
      fc.property(windowSet, fc.integer({ min: 1, max: 1000 }), (counts, k) => {
        expect(severityOf(build(counts, k))).toBe(severityOf(build(counts, 1)));
      }),
    );
  });

  it('never lowers the severity when a window gets more errors', () => {
    const rank = (s: string | null) => (s === null ? 9 : ['critical', 'high', 'medium', 'low'].indexOf(s));
    fc.assert(
      fc.property(windowSet, fc.nat(lengths.length - 1), (counts, i) => {
        const worse = counts.map(([n, e], j) => [n, j === i ? n : e] as [number, number]);
        expect(rank(severityOf(build(worse, 1)))).toBeLessThanOrEqual(rank(severityOf(build(counts, 1))));
      }),
    );
  });
});
