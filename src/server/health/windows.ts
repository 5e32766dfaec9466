import { MINUTE } from '../lib/clock.js';
import { type CallStats, emptyCallStats, mergeCallStats, minuteOf } from './buckets.js';

/**
 * The calls of one partner and action over the last `minutes` minutes. Rules ask for windows by length and never
 * see buckets, so the evaluator may answer from SQL sums over minutes and hours (requiredWindows lists the
 * lengths), and tests, the simulator and the bench from buckets in memory (callWindowOf).
 */
export type CallWindow = (minutes: number) => CallStats;

/**
 * Windows over minute buckets: the window of m minutes holds the m buckets ending with the one `now` falls in,
 * that (possibly partial) minute included, so an outage shows in the 5-minute window the minute it starts.
 */
export function callWindowOf(buckets: readonly (CallStats & { minute: Date })[], now: number): CallWindow {
  const last = minuteOf(now);
  return (minutes) => {
    const first = last - (minutes - 1) * MINUTE;
    let sum = emptyCallStats();
    for (const b of buckets) {
      const at = b.minute.getTime();
      if (at >= first && at <= last) sum = mergeCallStats(sum, b);
    }
    return sum;
  };
}
