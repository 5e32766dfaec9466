import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LATENCY_BINS } from '../../shared/health.js';
import { callsSlowerThan, latencyPercentile, meanLatencyMs } from './histogram.js';

/** A histogram with `n` calls in each listed bin (bin 9 is (5000, 8000], bin 10 is (8000, 12000]). */
const histogram = (bins: Record<number, number>) =>
  Array.from({ length: LATENCY_BINS }, (_, i) => bins[i] ?? 0);

describe('latencyPercentile', () => {
  it.each([
    ['p50 interpolated inside (50, 100]', { 2: 10 }, 0.5, 75],
    ['p0 is the lower bound of the first filled bin', { 2: 10, 5: 1 }, 0, 50],
    ['p100 is the upper bound of the last filled bin', { 2: 10, 5: 1 }, 1, 1000],
    ['p99 of 99 calls within 8 s and 1 slower: exactly 8000', { 9: 99, 10: 1 }, 0.99, 8000],
    ['p99 of 98 within 8 s and 2 slower: past 8000', { 9: 98, 10: 2 }, 0.99, 10_000],
    ['a rank in the open last bin reads as its floor', { 13: 5 }, 0.5, 30_000],
  ])('%s', (_, bins, p, expected) => {
    expect(latencyPercentile(histogram(bins), p)).toBe(expected);
  });

  it('is null with no calls', () => {
    expect(latencyPercentile(histogram({}), 0.5)).toBeNull();
  });

  const counts = fc.array(fc.nat(1000), { minLength: LATENCY_BINS, maxLength: LATENCY_BINS });
  const filled = counts.filter((c) => c.some((n) => n > 0));

  it('is monotone in p', () => {
    fc.assert(
      fc.property(
        filled,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (c, p, q) => {
          const [lo, hi] = p <= q ? [p, q] : [q, p];
          expect(latencyPercentile(c, lo) as number).toBeLessThanOrEqual(latencyPercentile(c, hi) as number);
        },
      ),
    );
  });

  it('reads p99 > 8 s exactly: past 8000 iff fewer than 99 % of calls are within 8 s', () => {
    fc.assert(
      fc.property(filled, (c) => {
        const total = c.reduce((a, b) => a + b, 0);
        const within = c.slice(0, 10).reduce((a, b) => a + b, 0);
        expect((latencyPercentile(c, 0.99) as number) > 8000).toBe(within < 0.99 * total);
      }),
    );
  });
});

describe('callsSlowerThan', () => {
  // Bins: ... (3000, 5000] is bin 8, (5000, 8000] bin 9, (8000, 12000] bin 10, past 30000 bin 13.
  const counts = [5, 0, 0, 0, 0, 0, 0, 0, 7, 3, 2, 0, 0, 1];
  it('counts the calls past a bin bound exactly', () => {
    expect(callsSlowerThan(counts, 8000)).toBe(3);
    expect(callsSlowerThan(counts, 5000)).toBe(6);
    expect(callsSlowerThan(counts, 30000)).toBe(1);
    expect(callsSlowerThan(counts, 0)).toBe(18);
  });
  it('counts the share of the bin a limit falls inside that lies above it, as percentiles read a bin', () => {
    // A third of (5000, 8000] lies above 7000: one of its three calls.
    expect(callsSlowerThan(counts, 7000)).toBe(2 + 1 + 1);
    expect(callsSlowerThan(counts, 10_000)).toBe(1 + 1);
    // Past 30 s there is no upper bound to spread over: the last bin counts whole.
    expect(callsSlowerThan(counts, 40_000)).toBe(1);
  });
});

describe('meanLatencyMs', () => {
  it('divides the exact sum by the calls, not by bin midpoints', () => {
    expect(meanLatencyMs({ latencyCounts: histogram({ 9: 3, 10: 1 }), latencySumMs: 20_004 })).toBe(5001);
    expect(meanLatencyMs({ latencyCounts: histogram({}), latencySumMs: 0 })).toBeNull();
  });
});
