import { describe, expect, it } from 'vitest';
import { binomial, seededRandom } from './random.js';

/** The mean and variance of `draws` binomial draws. */
function moments(n: number, p: number, draws = 200_000) {
  const random = seededRandom(42);
  let [sum, squares, least, most] = [0, 0, n, 0];
  for (let i = 0; i < draws; i++) {
    const k = binomial(random, n, p);
    [sum, squares, least, most] = [sum + k, squares + k * k, Math.min(least, k), Math.max(most, k)];
  }
  const mean = sum / draws;
  return { mean, variance: squares / draws - mean * mean, least, most };
}

describe('binomial', () => {
  it.each([
    [20, 0.008],
    [7, 0.003],
    [200, 0.05],
    [3000, 0.01],
    [40, 0.5],
  ])('keeps the mean n·p and the variance n·p·(1−p): n %i, p %f', (n, p) => {
    const { mean, variance, least, most } = moments(n, p);
    expect(least).toBeGreaterThanOrEqual(0);
    expect(most).toBeLessThanOrEqual(n);
    // 200,000 draws: the sample mean is off by less than 1 % of n·p plus a small absolute slack.
    expect(Math.abs(mean - n * p)).toBeLessThan(0.01 * n * p + 0.002);
    expect(Math.abs(variance - n * p * (1 - p))).toBeLessThan(0.03 * n * p * (1 - p) + 0.002);
  });

  it('gives every try at p = 1 and none at p = 0 or n = 0', () => {
    const random = seededRandom(1);
    expect(binomial(random, 12, 1)).toBe(12);
    expect(binomial(random, 12, 0)).toBe(0);
    expect(binomial(random, 0, 0.5)).toBe(0);
  });
});
