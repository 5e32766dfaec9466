import { LATENCY_BINS } from '../../../shared/health.js';
import type { CallStats } from '../buckets.js';
import type { CallWindow } from '../windows.js';

/*
 * Fixtures for the rules' tests and bench/health-core.ts: windows given as literal counts, and streams of minutes
 * read through prefix sums so a property can evaluate every minute of days of traffic quickly.
 */

/** Calls with `errors` errors among `calls`, all in one latency bin (bin 2 is 50–100 ms). */
export function calls(total: number, errors = 0, over: Partial<CallStats> = {}): CallStats {
  const latencyCounts = new Array<number>(LATENCY_BINS).fill(0);
  latencyCounts[2] = total;
  return {
    okCount: total - errors,
    errorCount: errors,
    errorTypes: errors ? { NO_CAPACITY: errors } : {},
    latencyCounts,
    latencySumMs: total * 75,
    ...over,
  };
}

/** A window that answers the listed lengths with their stats and every other length with no calls. */
export const windows =
  (byMinutes: Record<number, CallStats>): CallWindow =>
  (minutes) =>
    byMinutes[minutes] ?? calls(0);

export interface StreamMinute {
  ok: number;
  errors: number;
  latencyCounts: number[];
  latencySumMs: number;
}

/** Windows ending at minute `t` (inclusive) of a stream of minutes, each an O(bins) difference of prefix sums. */
export function streamWindows(stream: readonly StreamMinute[]): (t: number) => CallWindow {
  const prefix: StreamMinute[] = [
    { ok: 0, errors: 0, latencyCounts: new Array(LATENCY_BINS).fill(0), latencySumMs: 0 },
  ];
  for (const m of stream) {
    const p = prefix.at(-1) as StreamMinute;
    prefix.push({
      ok: p.ok + m.ok,
      errors: p.errors + m.errors,
      latencyCounts: p.latencyCounts.map((n, i) => n + (m.latencyCounts[i] ?? 0)),
      latencySumMs: p.latencySumMs + m.latencySumMs,
    });
  }
  return (t) => (minutes) => {
    const [to, from] = [prefix[t + 1] as StreamMinute, prefix[Math.max(t + 1 - minutes, 0)] as StreamMinute];
    return {
      okCount: to.ok - from.ok,
      errorCount: to.errors - from.errors,
      errorTypes: { NO_CAPACITY: to.errors - from.errors },
      latencyCounts: to.latencyCounts.map((n, i) => n - (from.latencyCounts[i] ?? 0)),
      latencySumMs: to.latencySumMs - from.latencySumMs,
    };
  };
}
