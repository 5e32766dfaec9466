import type { EvidenceValue } from '../../../shared/health.js';
import type { CallStats } from '../buckets.js';

/*
 * Thresholds are met "at" their figure, but the figures are not exact in binary: 1 − 0.99 is 0.010000000000000009,
 * so 144 errors in 1000 calls would burn 14.399999999999986× and miss 14.4×. A relative tolerance far below any
 * one-call difference keeps "at the threshold" meaning at it.
 */
const TOLERANCE = 1e-9;
export const atLeast = (value: number, threshold: number) =>
  value >= threshold - Math.abs(threshold) * TOLERANCE;

/** Figures in evidence, to four decimals: what a person reads, and stable in snapshots. */
export const rounded = (value: number) => Math.round(value * 10_000) / 10_000;

/** The most frequent error types, most first (ties by name), as evidence shows them. */
export function topErrorTypes(stats: Pick<CallStats, 'errorTypes'>, count = 5): EvidenceValue {
  return Object.entries(stats.errorTypes)
    .filter(([, n]) => n > 0)
    .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1))
    .slice(0, count)
    .map(([type, n]) => ({ type, count: n }));
}
