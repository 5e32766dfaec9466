import { describe, expect, it } from 'vitest';
import { calls, windows } from './fixtures.js';
import { latencyFinding } from './latency.js';
import { DEFAULT_RULE_SETTINGS } from './settings.js';

const settings = DEFAULT_RULE_SETTINGS.latency;
/** `n` calls, `slow` of them in (8000, 12000] and the rest in (3000, 5000], with the given latency sum. */
const histogramOf = (n: number, slow: number, sum: number) => {
  const stats = calls(n, 0, { latencySumMs: sum });
  stats.latencyCounts.fill(0);
  stats.latencyCounts[8] = n - slow;
  stats.latencyCounts[10] = slow;
  return stats;
};
const severityOf = (n: number, slow: number, sum: number) =>
  latencyFinding('checkout', windows({ 15: histogramOf(n, slow, sum) }), settings)?.severity ?? null;

describe('latencyFinding over 15 minutes', () => {
  it.each([
    ['mean exactly 5 s, p99 within 8 s', 100, 0, 500_000, null],
    ['mean 5.001 s', 100, 0, 500_100, 'high'],
    ['1 % of calls past 8 s: p99 within 5 s', 100, 1, 400_000, null],
    ['1 % of calls past 8 s, 10 of them: p99 within 5 s', 1000, 10, 4_000_000, null],
    ['2 % of calls past 8 s: p99 past 8 s, 10 slower calls', 500, 10, 2_000_000, 'high'],
    ['1.8 % of calls past 8 s: p99 past 8 s, but 9 slower calls', 500, 9, 2_000_000, null],
    [
      '2 % of calls past 8 s: p99 past 8 s, but 2 slower calls (a couple of time-outs)',
      100,
      2,
      400_000,
      null,
    ],
    ['slow, but 19 calls', 19, 19, 19 * 9000, null],
    ['slow, 20 calls', 20, 20, 20 * 9000, 'high'],
  ])('%s → %s', (_, n, slow, sum, expected) => {
    expect(severityOf(n, slow, sum)).toBe(expected);
  });

  it('counts slower calls against a limit inside a bin, as the percentile reads that bin', () => {
    // 1000 calls, 50 in (5000, 8000]: p99 about 7.4 s; two thirds of those 50 are read as slower than 6 s.
    const stats = calls(1000, 0, { latencySumMs: 1000 * 400 });
    stats.latencyCounts.fill(0);
    stats.latencyCounts[2] = 950;
    stats.latencyCounts[9] = 50;
    const at = (maxP99Ms: number, minSlowCalls: number) =>
      latencyFinding('checkout', windows({ 15: stats }), { ...settings, maxP99Ms, minSlowCalls })?.severity ??
      null;
    expect(at(6000, 33)).toBe('high');
    expect(at(6000, 34)).toBeNull();
    expect(at(8000, 1)).toBeNull();
  });

  it('takes the number of slower calls it needs from the settings', () => {
    const stats = windows({ 15: histogramOf(100, 2, 400_000) });
    expect(latencyFinding('checkout', stats, { ...settings, minSlowCalls: 2 })?.severity).toBe('high');
    expect(latencyFinding('checkout', stats, { ...settings, minSlowCalls: 3 })).toBeNull();
  });

  it('holds the figures that tripped it', () => {
    expect(latencyFinding('checkout', windows({ 15: histogramOf(500, 10, 2_000_000) }), settings)).toEqual({
      area: 'action:checkout',
      rule: 'latency',
      severity: 'high',
      evidence: {
        windowMinutes: 15,
        calls: 500,
        meanMs: 4000,
        p50Ms: 4020.4082,
        p99Ms: 10_000,
        maxMeanMs: 5000,
        maxP99Ms: 8000,
      },
    });
  });
});
