import { sql } from 'drizzle-orm';
import { LATENCY_BINS } from '../../../shared/health.js';
import { type Queryable, rowsOf } from '../../db/client.js';
import { HOUR, MINUTE } from '../../lib/clock.js';
import { type CallStats, emptyCallStats, hourOf, minuteOf } from '../buckets.js';
import type { CallWindow } from '../windows.js';

/*
 * One partner's call windows, summed by the database: one statement returns a row per action and window length
 * with the counts, the error types and (for the latency rule's window only) the histogram. Reading the buckets
 * themselves cost 12 ms a partner for a day of history (a thousand minute rows, each with its histogram and error
 * types); the sums cost a fraction of that and do not grow with the windows.
 */

/** Windows this long or shorter are summed from minutes; longer ones from whole hours. */
export const MINUTE_WINDOW_LIMIT = 6 * 60;

/**
 * Where a window of `length` minutes starts, ending with the minute (or hour) `now` falls in, that partial one
 * included: minutes up to MINUTE_WINDOW_LIMIT, whole hours beyond.
 */
export function windowStart(length: number, now: number): number {
  return length <= MINUTE_WINDOW_LIMIT
    ? minuteOf(now) - (length - 1) * MINUTE
    : hourOf(now) - (Math.ceil(length / 60) - 1) * HOUR;
}

interface WindowRow {
  len: number;
  action: string;
  ok: number;
  errors: number;
  latency_sum: number;
  error_types: Record<string, number> | null;
  latency_counts: number[] | null;
}

/**
 * The windows of `lengths` minutes for each action the partner has calls for; `histogramLength` is the one length
 * whose latency histogram is summed (the others answer zeros: no rule reads their latencies). Asking a window for a
 * length it was not given is a bug in the caller, and throws.
 */
export async function callWindows(
  q: Queryable,
  partnerId: string,
  lengths: readonly number[],
  histogramLength: number,
  now: number,
): Promise<Map<string, CallWindow>> {
  const starts = lengths.map((length) => new Date(windowStart(length, now)).toISOString());
  const byMinute = lengths.filter((length) => length <= MINUTE_WINDOW_LIMIT);
  const byHour = lengths.filter((length) => length > MINUTE_WINDOW_LIMIT);
  const earliest = (among: number[]) =>
    new Date(Math.min(...among.map((length) => windowStart(length, now)))).toISOString();
  const lastMinute = new Date(minuteOf(now)).toISOString();
  const rows = rowsOf<WindowRow>(
    await q.execute(sql`
      with w (len, since, hourly) as (
        select len, since, len > ${MINUTE_WINDOW_LIMIT}
        from unnest(${`{${lengths.join(',')}}`}::int[], ${`{${starts.join(',')}}`}::timestamptz[]) as w(len, since)
      ),
      -- Inlined into each use below, so each reads only the columns it needs (arrays and maps only where used).
      buckets as not materialized (
        select false as hourly, action, minute as at, ok_count, error_count, latency_sum_ms, error_types,
          latency_counts
        from call_minutes
        where ${sql.raw(String(byMinute.length > 0))} and partner_id = ${partnerId}
          and minute >= ${byMinute.length ? earliest(byMinute) : lastMinute}::timestamptz
          and minute <= ${lastMinute}::timestamptz
        union all
        select true, action, hour, ok_count, error_count, latency_sum_ms, error_types, latency_counts
        from call_hours
        where ${sql.raw(String(byHour.length > 0))} and partner_id = ${partnerId}
          and hour >= ${byHour.length ? earliest(byHour) : lastMinute}::timestamptz
      ),
      sums as (
        select len, action, sum(ok_count)::float8 as ok, sum(error_count)::float8 as errors,
          sum(latency_sum_ms)::float8 as latency_sum
        from w join buckets b on b.hourly = w.hourly and b.at >= w.since
        group by len, action
      ),
      types as (
        select len, action, jsonb_object_agg(key, n) as error_types from (
          select len, action, key, sum(value::bigint) as n
          from w join buckets b on b.hourly = w.hourly and b.at >= w.since and b.error_count > 0,
            jsonb_each_text(b.error_types)
          group by len, action, key) t
        group by len, action
      ),
      bins as (
        select len, action, array_agg(n order by i) as latency_counts from (
          select len, action, i, sum(c)::float8 as n
          from w join buckets b on b.hourly = w.hourly and b.at >= w.since and w.len = ${histogramLength},
            unnest(b.latency_counts) with ordinality as u(c, i)
          group by len, action, i) t
        group by len, action
      )
      select sums.len, sums.action, sums.ok, sums.errors, sums.latency_sum, types.error_types, bins.latency_counts
      from sums
      left join types using (len, action)
      left join bins using (len, action)`),
  );
  const byAction = new Map<string, Map<number, CallStats>>();
  for (const row of rows) {
    const windows = byAction.get(row.action) ?? new Map<number, CallStats>();
    byAction.set(row.action, windows);
    windows.set(row.len, {
      okCount: Number(row.ok),
      errorCount: Number(row.errors),
      errorTypes: row.error_types ?? {},
      latencyCounts: histogramOf(row.latency_counts),
      latencySumMs: Number(row.latency_sum),
    });
  }
  const asked = new Set(lengths);
  const result = new Map<string, CallWindow>();
  for (const [action, windows] of byAction)
    result.set(action, (length) => {
      if (!asked.has(length)) throw new Error(`call window of ${length} minutes was not summed`);
      return windows.get(length) ?? emptyCallStats();
    });
  return result;
}

/** The summed bins, as long as the histogram (rows written before a bin was added count it as zero). */
function histogramOf(bins: number[] | null): number[] {
  const counts = new Array<number>(LATENCY_BINS).fill(0);
  for (const [i, n] of (bins ?? []).entries()) if (i < LATENCY_BINS) counts[i] = Number(n);
  return counts;
}
