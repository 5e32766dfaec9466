import { sql } from 'drizzle-orm';
import { LATENCY_BINS } from '../../../shared/health.js';
import { type Queryable, rowsOf } from '../../db/client.js';
import { HOUR, MINUTE } from '../../lib/clock.js';
import { type CallStats, emptyCallStats, hourOf, minuteOf } from '../buckets.js';
import { hourlyRows } from '../hourly-rows.js';
import type { CallWindow } from '../windows.js';

/*
 * Partners' call windows, summed by the database: one statement returns a row per partner, action and window
 * length with the counts, the error types and (for the latency rule's windows only) the histogram. Reading the
 * buckets themselves cost 12 ms a partner for a day of history (a thousand minute rows, each with its histogram
 * and error types); the sums cost a fraction of that and do not grow with the windows, and one statement for
 * many partners saves the fixed cost of a statement each.
 */

/** Windows this long or shorter are summed from minutes; longer ones by whole hours (hourly-rows.ts). */
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
  partner_id: string;
  len: number;
  action: string;
  ok: number;
  errors: number;
  latency_sum: number;
  error_types: Record<string, number> | null;
  latency_counts: number[] | null;
}

/**
 * The windows of `lengths` minutes for each partner and each action it has calls for; `histogramLengths` are the
 * lengths whose latency histograms are summed (the others answer zeros: no rule reads their latencies). Asking a
 * window for a length it was not given is a bug in the caller, and throws.
 */
export async function callWindows(
  q: Queryable,
  partnerIds: readonly string[],
  lengths: readonly number[],
  histogramLengths: readonly number[],
  now: number,
): Promise<Map<string, Map<string, CallWindow>>> {
  const result = new Map<string, Map<string, CallWindow>>();
  if (partnerIds.length === 0 || lengths.length === 0) return result;
  const starts = lengths.map((length) => new Date(windowStart(length, now)).toISOString());
  const byMinute = lengths.filter((length) => length <= MINUTE_WINDOW_LIMIT);
  const byHour = lengths.filter((length) => length > MINUTE_WINDOW_LIMIT);
  const earliest = (among: number[]) =>
    new Date(Math.min(...among.map((length) => windowStart(length, now)))).toISOString();
  const lastMinute = new Date(minuteOf(now)).toISOString();
  const ids = `{${partnerIds.join(',')}}`;
  const rows = rowsOf<WindowRow>(
    await q.execute(sql`
      with w (len, since, hourly, histogram) as (
        select len, since, len > ${MINUTE_WINDOW_LIMIT}, len = any(${`{${histogramLengths.join(',')}}`}::int[])
        from unnest(${`{${lengths.join(',')}}`}::int[], ${`{${starts.join(',')}}`}::timestamptz[]) as w(len, since)
      ),
      -- Inlined into each use below, so each reads only the columns it needs (arrays and maps only where used).
      buckets as not materialized (
        select false as hourly, partner_id, action, minute as at, ok_count, error_count, latency_sum_ms,
          error_types, latency_counts
        from call_minutes
        where ${sql.raw(String(byMinute.length > 0))} and partner_id = any(${ids}::uuid[])
          and minute >= ${byMinute.length ? earliest(byMinute) : lastMinute}::timestamptz
          and minute <= ${lastMinute}::timestamptz
        union all
        select true, partner_id, action, at, ok_count, error_count, latency_sum_ms, error_types, latency_counts
        from (${hourlyRows(
          'call',
          [
            'partner_id',
            'action',
            'ok_count',
            'error_count',
            'latency_sum_ms',
            'error_types',
            'latency_counts',
          ],
          sql`${sql.raw(String(byHour.length > 0))} and partner_id = any(${ids}::uuid[])`,
          new Date(byHour.length ? earliest(byHour) : lastMinute),
          new Date(hourOf(now) + HOUR),
        )}) hours
      ),
      sums as (
        select partner_id, len, action, sum(ok_count)::float8 as ok, sum(error_count)::float8 as errors,
          sum(latency_sum_ms)::float8 as latency_sum
        from w join buckets b on b.hourly = w.hourly and b.at >= w.since
        group by partner_id, len, action
      ),
      types as (
        select partner_id, len, action, jsonb_object_agg(key, n) as error_types from (
          select partner_id, len, action, key, sum(value::bigint) as n
          from w join buckets b on b.hourly = w.hourly and b.at >= w.since and b.error_count > 0,
            jsonb_each_text(b.error_types)
          group by partner_id, len, action, key) t
        group by partner_id, len, action
      ),
      bins as (
        select partner_id, len, action, array_agg(n order by i) as latency_counts from (
          select partner_id, len, action, i, sum(c)::float8 as n
          from w join buckets b on b.hourly = w.hourly and b.at >= w.since and w.histogram,
            unnest(b.latency_counts) with ordinality as u(c, i)
          group by partner_id, len, action, i) t
        group by partner_id, len, action
      )
      select sums.partner_id, sums.len, sums.action, sums.ok, sums.errors, sums.latency_sum, types.error_types,
        bins.latency_counts
      from sums
      left join types using (partner_id, len, action)
      left join bins using (partner_id, len, action)`),
  );
  const sums = new Map<string, Map<string, Map<number, CallStats>>>();
  for (const row of rows) {
    const byAction = sums.get(row.partner_id) ?? new Map<string, Map<number, CallStats>>();
    sums.set(row.partner_id, byAction);
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
  for (const [partnerId, byAction] of sums) {
    const accessors = new Map<string, CallWindow>();
    for (const [action, windows] of byAction)
      accessors.set(action, (length) => {
        if (!asked.has(length)) throw new Error(`call window of ${length} minutes was not summed`);
        return windows.get(length) ?? emptyCallStats();
      });
    result.set(partnerId, accessors);
  }
  return result;
}

/** The summed bins, as long as the histogram (rows written before a bin was added count it as zero). */
function histogramOf(bins: number[] | null): number[] {
  const counts = new Array<number>(LATENCY_BINS).fill(0);
  for (const [i, n] of (bins ?? []).entries()) if (i < LATENCY_BINS) counts[i] = Number(n);
  return counts;
}
