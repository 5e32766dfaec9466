import { describe, expect, it } from 'vitest';
import {
  between,
  binomial,
  exponentialWait,
  integerBetween,
  logNormal,
  normalCdf,
  pick,
  type Random,
  seededRandom,
  seedOf,
  standardNormal,
} from './random.js';

/** The mean and variance of `draws` draws of `draw`. */
function moments(draw: (random: Random) => number, draws = 200_000, seed = 42) {
  const random = seededRandom(seed);
  let [sum, squares, least, most] = [0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let i = 0; i < draws; i++) {
    const k = draw(random);
    [sum, squares, least, most] = [sum + k, squares + k * k, Math.min(least, k), Math.max(most, k)];
  }
  const mean = sum / draws;
  return { mean, variance: squares / draws - mean * mean, least, most };
}

describe('seeded streams', () => {
  it('replays mulberry32: the reference draws for seed 1', () => {
    const random = seededRandom(1);
    expect([random(), random(), random()]).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522,
    ]);
  });

  it('draws in [0, 1), evenly', () => {
    const { mean, variance, least, most } = moments((r) => r());
    expect(least).toBeGreaterThanOrEqual(0);
    expect(most).toBeLessThan(1);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 3);
  });

  it('seeds a partner’s stream by FNV-1a of its id over the run’s seed', () => {
    expect(seedOf(0, '')).toBe(0x811c9dc5);
    expect(seedOf(7, 'abc')).toBe(2650814438);
    expect(seedOf(7, 'abd')).toBe(2701147295);
    expect(seedOf(8, 'abc')).not.toBe(seedOf(7, 'abc'));
  });
});

describe('distributions', () => {
  it('between and integerBetween stay in their bounds and reach both ends', () => {
    const floats = moments((r) => between(r, 2, 5), 50_000);
    expect(floats.least).toBeGreaterThanOrEqual(2);
    expect(floats.most).toBeLessThan(5);
    expect(floats.mean).toBeCloseTo(3.5, 1);
    const integers = moments((r) => integerBetween(r, 1, 3), 50_000);
    expect([integers.least, integers.most]).toEqual([1, 3]);
    expect(integers.mean).toBeCloseTo(2, 1);
  });

  it('standardNormal has mean 0 and variance 1; logNormal has the median asked for', () => {
    const normal = moments(standardNormal);
    expect(Math.abs(normal.mean)).toBeLessThan(0.01);
    expect(normal.variance).toBeCloseTo(1, 1);
    const random = seededRandom(5);
    const draws = Array.from({ length: 20_001 }, () => logNormal(random, 300, 0.5)).sort((a, b) => a - b);
    expect(draws[10_000]).toBeGreaterThan(290);
    expect(draws[10_000]).toBeLessThan(310);
    expect(draws[0]).toBeGreaterThan(0);
  });

  it('exponentialWait waits 1 / rate on average, never less than nothing', () => {
    const { mean, least } = moments((r) => exponentialWait(r, 0.02));
    expect(mean).toBeGreaterThan(49);
    expect(mean).toBeLessThan(51);
    expect(least).toBeGreaterThanOrEqual(0);
  });

  it('pick draws keys in their weights’ proportions, and the last key when the draw reaches the total', () => {
    const random = seededRandom(9);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 60_000; i++) counts[pick(random, { a: 1, b: 2, c: 3 })]++;
    expect(counts.a / 60_000).toBeCloseTo(1 / 6, 2);
    expect(counts.b / 60_000).toBeCloseTo(2 / 6, 2);
    expect(counts.c / 60_000).toBeCloseTo(3 / 6, 2);
    expect(pick(() => 0, { a: 1, b: 1 })).toBe('a');
    expect(pick(() => 0.5, { a: 1, b: 1 })).toBe('b');
    expect(pick(() => 1, { a: 1, b: 1, c: 0 })).toBe('c');
  });

  it('normalCdf agrees with the table to 1e-7', () => {
    const table: [number, number][] = [
      [0, 0.5],
      [1, 0.8413447461],
      [-1, 0.1586552539],
      [1.96, 0.9750021049],
      [-2.5, 0.0062096653],
      [3, 0.998650102],
    ];
    for (const [z, p] of table) expect(Math.abs(normalCdf(z) - p)).toBeLessThan(1e-7);
  });
});

describe('binomial', () => {
  it.each([
    [20, 0.008],
    [7, 0.003],
    [200, 0.05],
    [3000, 0.01],
    [40, 0.5],
  ])('keeps the mean n·p and the variance n·p·(1−p): n %i, p %f', (n, p) => {
    const { mean, variance, least, most } = moments((r) => binomial(r, n, p));
    expect(least).toBeGreaterThanOrEqual(0);
    expect(most).toBeLessThanOrEqual(n);
    // 200,000 draws: the sample mean is off by less than 1 % of n·p plus a small absolute slack.
    expect(Math.abs(mean - n * p)).toBeLessThan(0.01 * n * p + 0.002);
    expect(Math.abs(variance - n * p * (1 - p))).toBeLessThan(0.03 * n * p * (1 - p) + 0.002);
  });

  it('counts exactly by the CDF below a mean of 20: every try at the top of the draw', () => {
    expect(binomial(() => 0, 5, 0.5)).toBe(0);
    expect(binomial(() => 0.999_999, 5, 0.5)).toBe(5);
    // P(0) = 1/32, P(≤ 1) = 6/32: a draw just above the first is one success.
    expect(binomial(() => 1 / 32 + 1e-9, 5, 0.5)).toBe(1);
    expect(binomial(() => 6 / 32 - 1e-9, 5, 0.5)).toBe(1);
    expect(binomial(() => 6 / 32 + 1e-9, 5, 0.5)).toBe(2);
  });

  it('gives every try at p = 1 and none at p = 0 or n = 0', () => {
    const random = seededRandom(1);
    expect(binomial(random, 12, 1)).toBe(12);
    expect(binomial(random, 12, 0)).toBe(0);
    expect(binomial(random, 0, 0.5)).toBe(0);
    expect(binomial(random, -3, 0.5)).toBe(0);
  });
});
