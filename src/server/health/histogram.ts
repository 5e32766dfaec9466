import { LATENCY_BOUNDS_MS } from '../../shared/health.js';
import type { CallStats } from './buckets.js';

const lowerBound = (bin: number) =>
  bin === 0 ? 0 : (LATENCY_BOUNDS_MS[bin - 1] ?? Number.POSITIVE_INFINITY);

/**
 * The latency at fraction `p` (0–1) of the calls, interpolated linearly inside the bin where that rank falls,
 * as Prometheus' histogram_quantile does. The open-ended last bin has no width to interpolate over, so a rank
 * there reads as the bin's lower bound: a floor ("at least 30 s"), never an invented figure. Null with no calls.
 */
export function latencyPercentile(latencyCounts: readonly number[], p: number): number | null {
  let total = 0;
  for (const n of latencyCounts) total += n;
  if (total === 0) return null;
  const rank = Math.min(Math.max(p, 0), 1) * total;
  let below = 0;
  for (let bin = 0; bin < latencyCounts.length; bin++) {
    const n = latencyCounts[bin] as number;
    if (n > 0 && below + n >= rank) {
      const upper = LATENCY_BOUNDS_MS[bin];
      if (upper === undefined) return lowerBound(bin);
      return lowerBound(bin) + ((rank - below) / n) * (upper - lowerBound(bin));
    }
    below += n;
  }
  return lowerBound(latencyCounts.length - 1);
}

/**
 * Calls slower than `ms`: those in the bins above it, and of the bin `ms` falls inside the share above it, spread
 * evenly as latencyPercentile reads a bin. Exact when `ms` is a bin bound (8 s is). In the open-ended last bin
 * every call counts as slower (latencyPercentile never reads past that bin's lower bound anyway).
 */
export function callsSlowerThan(latencyCounts: readonly number[], ms: number): number {
  let slower = 0;
  for (const [bin, n] of latencyCounts.entries()) {
    const lower = lowerBound(bin);
    const upper = LATENCY_BOUNDS_MS[bin] ?? Number.POSITIVE_INFINITY;
    if (lower >= ms || upper === Number.POSITIVE_INFINITY) slower += n;
    else if (upper > ms) slower += (n * (upper - ms)) / (upper - lower);
  }
  return slower;
}

/** The exact mean from the latency sum (not from the bins); null with no calls. */
export function meanLatencyMs(stats: Pick<CallStats, 'latencyCounts' | 'latencySumMs'>): number | null {
  let total = 0;
  for (const n of stats.latencyCounts) total += n;
  return total === 0 ? null : stats.latencySumMs / total;
}
