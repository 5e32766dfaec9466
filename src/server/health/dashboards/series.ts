import { FEEDS, type HealthAction } from '../../../shared/health.js';
import { latencyPercentile } from '../histogram.js';
import type { CallStepRow, FeedStepRow, MerchantStepRow } from './queries.js';

/*
 * Pure assembly of the dashboard's series from grouped rows: every step of the window gets a point (zeros, and
 * null rates, where nothing was recorded) so charts keep their time axis, and totals are summed from the same
 * rows, histograms bin by bin, so a total's percentile is the range's, not an average of the steps'.
 */

const successRate = (ok: number, errors: number) => (ok + errors === 0 ? null : ok / (ok + errors));
const percentileMs = (bins: readonly number[], p: number) => {
  const value = latencyPercentile(bins, p);
  return value === null ? null : Math.round(value);
};

function addBins(into: number[], bins: readonly number[]) {
  for (let i = 0; i < bins.length; i++) into[i] = (into[i] ?? 0) + (bins[i] as number);
}
function addCounts(into: Record<string, number>, counts: Record<string, number>) {
  for (const [key, n] of Object.entries(counts)) into[key] = (into[key] ?? 0) + Number(n);
}

export function actionHealth(action: HealthAction, rows: readonly CallStepRow[], starts: readonly number[]) {
  const byStep = new Map(rows.filter((r) => r.action === action).map((r) => [Number(r.t), r]));
  const bins: number[] = [];
  const types: Record<string, number> = {};
  let ok = 0;
  let errors = 0;
  const series = starts.map((t) => {
    const row = byStep.get(t);
    if (!row) {
      return {
        t: new Date(t),
        ok: 0,
        errors: 0,
        successRate: null,
        p50Ms: null,
        p99Ms: null,
        errorTypes: {},
      };
    }
    const latency = row.latencyCounts.map(Number);
    const errorTypes: Record<string, number> = {};
    addCounts(errorTypes, row.errorTypes);
    ok += row.ok;
    errors += row.errors;
    addBins(bins, latency);
    addCounts(types, errorTypes);
    return {
      t: new Date(t),
      ok: row.ok,
      errors: row.errors,
      successRate: successRate(row.ok, row.errors),
      p50Ms: percentileMs(latency, 0.5),
      p99Ms: percentileMs(latency, 0.99),
      errorTypes,
    };
  });
  const topErrorTypes = Object.entries(types)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, 5)
    .map(([type, count]) => ({ type, count }));
  return {
    action,
    series,
    totals: {
      ok,
      errors,
      successRate: successRate(ok, errors),
      p50Ms: percentileMs(bins, 0.5),
      p99Ms: percentileMs(bins, 0.99),
      topErrorTypes,
    },
  };
}

export interface FeedState {
  feed: string;
  lastCleanAt: Date | null;
  errorsSince: Date | null;
}

/** The feeds with a state row or data in the window, in FEEDS order. */
export function feedsHealth(
  rows: readonly FeedStepRow[],
  states: readonly FeedState[],
  starts: readonly number[],
) {
  const seen = new Set([...rows.map((r) => r.feed), ...states.map((s) => s.feed)]);
  return FEEDS.filter((feed) => seen.has(feed)).map((feed) => {
    const state = states.find((s) => s.feed === feed);
    const byStep = new Map(rows.filter((r) => r.feed === feed).map((r) => [Number(r.t), r]));
    return {
      feed,
      lastCleanAt: state?.lastCleanAt ?? null,
      errorsSince: state?.errorsSince ?? null,
      series: starts.map((t) => {
        const row = byStep.get(t);
        return {
          t: new Date(t),
          ingestions: row?.ingestions ?? 0,
          errors: row?.errors ?? 0,
          warnings: row?.warnings ?? 0,
          records: row?.records ?? 0,
        };
      }),
    };
  });
}

/** Mean merchants serving and in total per step (sums over samples); the latest step with a report. */
export function merchantsHealth(rows: readonly MerchantStepRow[], starts: readonly number[]) {
  const byStep = new Map(rows.map((r) => [Number(r.t), r]));
  const series = starts.map((t) => {
    const row = byStep.get(t);
    return row && row.samples > 0
      ? { t: new Date(t), serving: row.servingSum / row.samples, total: row.totalSum / row.samples }
      : { t: new Date(t), serving: null, total: null };
  });
  const last = series.findLast((p) => p.serving !== null);
  return {
    series,
    latest: last ? { serving: last.serving as number, total: last.total as number } : null,
  };
}
