import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { callMinutes, feedMinutes, merchantMinutes } from '../db/schema/index.js';

export type CallBucketRow = typeof callMinutes.$inferInsert & { latencyCounts: number[] };
export type FeedBucketRow = typeof feedMinutes.$inferInsert;
export type MerchantBucketRow = typeof merchantMinutes.$inferInsert;

/*
 * Intake merges a batch into buckets in memory, then adds each bucket to its row here: an upsert that adds counts,
 * error types and histogram bins to what is stored, so several instances ingesting the same minute never lose
 * each other's counts. One statement per table per batch.
 */

/** Adds call buckets to the minute rows: counts summed, error types summed by key, histograms bin by bin. */
export async function addCallBuckets(q: Queryable, rows: CallBucketRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q
    .insert(callMinutes)
    .values(rows)
    .onConflictDoUpdate({
      target: [callMinutes.partnerId, callMinutes.action, callMinutes.minute],
      set: {
        okCount: sql`${callMinutes.okCount} + excluded.ok_count`,
        errorCount: sql`${callMinutes.errorCount} + excluded.error_count`,
        errorTypes: sql`(
          select coalesce(jsonb_object_agg(k, v), '{}'::jsonb) from (
            select key as k, sum(value::bigint) as v
            from (select * from jsonb_each_text(${callMinutes.errorTypes})
                  union all select * from jsonb_each_text(excluded.error_types)) both_sides
            group by key) summed)`,
        latencyCounts: sql`array(
          select coalesce(a, 0) + coalesce(b, 0)
          from unnest(${callMinutes.latencyCounts}, excluded.latency_counts) with ordinality as bins(a, b, i)
          order by i)`,
        latencySumMs: sql`${callMinutes.latencySumMs} + excluded.latency_sum_ms`,
      },
    });
}

export async function addFeedBuckets(q: Queryable, rows: FeedBucketRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q
    .insert(feedMinutes)
    .values(rows)
    .onConflictDoUpdate({
      target: [feedMinutes.partnerId, feedMinutes.feed, feedMinutes.minute],
      set: {
        ingestions: sql`${feedMinutes.ingestions} + excluded.ingestions`,
        cleanIngestions: sql`${feedMinutes.cleanIngestions} + excluded.clean_ingestions`,
        records: sql`${feedMinutes.records} + excluded.records`,
        errors: sql`${feedMinutes.errors} + excluded.errors`,
        warnings: sql`${feedMinutes.warnings} + excluded.warnings`,
      },
    });
}

export async function addMerchantBuckets(q: Queryable, rows: MerchantBucketRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q
    .insert(merchantMinutes)
    .values(rows)
    .onConflictDoUpdate({
      target: [merchantMinutes.partnerId, merchantMinutes.minute],
      set: {
        servingSum: sql`${merchantMinutes.servingSum} + excluded.serving_sum`,
        totalSum: sql`${merchantMinutes.totalSum} + excluded.total_sum`,
        samples: sql`${merchantMinutes.samples} + excluded.samples`,
      },
    });
}

/**
 * Rolls the minutes of [from, to) up into hour rows, replacing those hours' rows: running it again (late events,
 * a repeated job) gives the same result.
 */
export async function rollUpHours(q: Queryable, from: Date, to: Date): Promise<void> {
  const range = sql`between ${from.toISOString()}::timestamptz and ${to.toISOString()}::timestamptz - interval '1 microsecond'`;
  await q.execute(sql`
    insert into call_hours (partner_id, action, hour, ok_count, error_count, error_types, latency_counts, latency_sum_ms)
    select totals.partner_id, totals.action, totals.hour, totals.ok_count, totals.error_count,
      coalesce(errors.error_types, '{}'::jsonb), bins.latency_counts, totals.latency_sum_ms
    from (
      select partner_id, action, date_trunc('hour', minute, 'UTC') as hour, sum(ok_count)::int as ok_count,
        sum(error_count)::int as error_count, sum(latency_sum_ms)::bigint as latency_sum_ms
      from call_minutes where minute ${range} group by 1, 2, 3) totals
    join (
      select partner_id, action, hour, array_agg(n order by i) as latency_counts from (
        select partner_id, action, date_trunc('hour', minute, 'UTC') as hour, i, sum(n)::int as n
        from call_minutes, unnest(latency_counts) with ordinality as bin(n, i)
        where minute ${range} group by 1, 2, 3, 4) per_bin
      group by 1, 2, 3) bins using (partner_id, action, hour)
    left join (
      select partner_id, action, hour, jsonb_object_agg(k, v) as error_types from (
        select partner_id, action, date_trunc('hour', minute, 'UTC') as hour, key as k, sum(value::bigint) as v
        from call_minutes, jsonb_each_text(error_types)
        where minute ${range} group by 1, 2, 3, 4) per_type
      group by 1, 2, 3) errors using (partner_id, action, hour)
    on conflict (partner_id, action, hour) do update set
      ok_count = excluded.ok_count, error_count = excluded.error_count, error_types = excluded.error_types,
      latency_counts = excluded.latency_counts, latency_sum_ms = excluded.latency_sum_ms`);
  await q.execute(sql`
    insert into feed_hours (partner_id, feed, hour, ingestions, clean_ingestions, records, errors, warnings)
    select partner_id, feed, date_trunc('hour', minute, 'UTC'), sum(ingestions)::int, sum(clean_ingestions)::int,
      sum(records)::bigint, sum(errors)::bigint, sum(warnings)::bigint
    from feed_minutes where minute ${range} group by 1, 2, 3
    on conflict (partner_id, feed, hour) do update set
      ingestions = excluded.ingestions, clean_ingestions = excluded.clean_ingestions, records = excluded.records,
      errors = excluded.errors, warnings = excluded.warnings`);
  await q.execute(sql`
    insert into merchant_hours (partner_id, hour, serving_sum, total_sum, samples)
    select partner_id, date_trunc('hour', minute, 'UTC'), sum(serving_sum)::bigint, sum(total_sum)::bigint,
      sum(samples)::int
    from merchant_minutes where minute ${range} group by 1, 2
    on conflict (partner_id, hour) do update set
      serving_sum = excluded.serving_sum, total_sum = excluded.total_sum, samples = excluded.samples`);
}
