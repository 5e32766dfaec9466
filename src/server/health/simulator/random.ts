/*
 * A small seeded generator and the distributions the simulator draws from: the same seed replays the same
 * traffic, so a failing test or a demo run can be reproduced.
 */

export type Random = () => number;

/** mulberry32: 32 bits of state, fast, and good enough for traffic that only has to look plausible. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A seed for one stream out of a run's seed and a name (a partner id), so partners do not share a stream. */
export function seedOf(seed: number, name: string): number {
  let hash = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

export const between = (random: Random, min: number, max: number) => min + (max - min) * random();
export const integerBetween = (random: Random, min: number, max: number) =>
  Math.floor(between(random, min, max + 1));

/** A standard normal draw (Box–Muller). */
export function standardNormal(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Log-normal with the given median and shape: latencies are skewed to the right like this. */
export const logNormal = (random: Random, median: number, sigma: number) =>
  median * Math.exp(sigma * standardNormal(random));

/** The wait until the next arrival of a Poisson process with `ratePerMs` arrivals a millisecond. */
export const exponentialWait = (random: Random, ratePerMs: number) => -Math.log(1 - random()) / ratePerMs;

/** One of the weighted keys. */
export function pick<K extends string>(random: Random, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [key, weight] of entries) {
    r -= weight;
    if (r < 0) return key;
  }
  return (entries[entries.length - 1] as [K, number])[0];
}

/** The standard normal CDF (Abramowitz–Stegun 7.1.26, error below 1e-7): spreads aggregates over bins. */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Below this mean a binomial is drawn exactly; above it the normal approximation is close enough. */
const EXACT_BINOMIAL_MEAN = 20;

/**
 * Successes among `n` tries of chance `p`. A few calls a minute at under 1 % errors is the common case in a
 * partner's history, where a rounded normal draw clamped at zero adds a quarter to the mean (0.16 expected errors
 * came out as 0.2), enough to put a 0.8 % partner over a 99 % objective; there it counts by the exact CDF.
 */
export function binomial(random: Random, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n * p >= EXACT_BINOMIAL_MEAN)
    return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * standardNormal(random))));
  const u = random();
  let k = 0;
  let chance = (1 - p) ** n;
  let cumulative = chance;
  while (u > cumulative && k < n) {
    chance *= ((n - k) / (k + 1)) * (p / (1 - p));
    cumulative += chance;
    k++;
  }
  return k;
}
