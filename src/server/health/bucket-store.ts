import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.js';
import {
  type callMinutes,
  feedHours,
  feedMinutes,
  merchantHours,
  merchantMinutes,
} from '../db/schema/index.js';
import {
  type CallBucket,
  type FeedBucket,
  type MerchantBucket,
  rollUpCalls,
  rollUpFeeds,
  rollUpMerchants,
} from './buckets.js';

export type CallBucketRow = typeof callMinutes.$inferInsert & { latencyCounts: number[] };
export type FeedBucketRow = typeof feedMinutes.$inferInsert;
export type MerchantBucketRow = typeof merchantMinutes.$inferInsert;

/*
 * Intake merges a batch into buckets in memory, then adds each bucket to its row here: an upsert that adds counts,
 * error types and histogram bins to what is stored, so several instances ingesting the same minute never lose
 * each other's counts. The same buckets are added to their hour rows in the same statement's transaction, so
 * hours are always as current as minutes (the evaluator reads long windows from hours) and a late event lands in
 * both. Rows go in key order: two instances upserting overlapping rows lock them in the same order, never a
 * deadlock.
 */

const added = (column: PgColumn, name: string) => sql`${column} + excluded.${sql.identifier(name)}`;

/** The sum of the stored and the incoming error-type maps, key by key. */
const errorTypesSum = (stored: SQL) => sql`(
  select coalesce(jsonb_object_agg(k, v), '{}'::jsonb) from (
    select key as k, sum(value::bigint) as v
    from (select * from jsonb_each_text(${stored})
          union all select * from jsonb_each_text(excluded.error_types)) both_sides
    group by key) summed)`;
/** The stored and the incoming histograms added bin by bin (a shorter one counts as zeros). */
const binsSum = (stored: SQL) => sql`array(
  select coalesce(a, 0) + coalesce(b, 0)
  from unnest(${stored}, excluded.latency_counts) with ordinality as bins(a, b, i)
  order by i)`;

function feedSet(t: typeof feedMinutes | typeof feedHours): Record<string, SQL> {
  return {
    ingestions: added(t.ingestions, 'ingestions'),
    cleanIngestions: added(t.cleanIngestions, 'clean_ingestions'),
    records: added(t.records, 'records'),
    errors: added(t.errors, 'errors'),
    warnings: added(t.warnings, 'warnings'),
  };
}

function merchantSet(t: typeof merchantMinutes | typeof merchantHours): Record<string, SQL> {
  return {
    servingSum: added(t.servingSum, 'serving_sum'),
    totalSum: added(t.totalSum, 'total_sum'),
    samples: added(t.samples, 'samples'),
  };
}

const byKey = <R>(rows: readonly R[], keyOf: (row: R) => string) =>
  [...rows].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
const callKey = (r: { partnerId: string; action: string }, at: Date) =>
  `${r.partnerId}|${r.action}|${at.toISOString()}`;
const feedKey = (r: { partnerId: string; feed: string }, at: Date) =>
  `${r.partnerId}|${r.feed}|${at.toISOString()}`;
const merchantKey = (r: { partnerId: string }, at: Date) => `${r.partnerId}|${at.toISOString()}`;

/** Adds call buckets to their minute rows and hour rows: counts summed, error types by key, histograms by bin. */
export async function addCallBuckets(q: Queryable, rows: CallBucket[]): Promise<void> {
  if (rows.length === 0) return;
  await upsertCalls(
    q,
    'call_minutes',
    'minute',
    byKey(rows, (r) => callKey(r, r.minute)).map((r) => ({ ...r, at: r.minute })),
  );
  await upsertCalls(
    q,
    'call_hours',
    'hour',
    byKey(rollUpCalls(rows), (r) => callKey(r, r.hour)).map((r) => ({ ...r, at: r.hour })),
  );
}

/**
 * The rows travel as one JSON parameter the database unpacks (jsonb_to_recordset): thousands of bound
 * parameters cost more to build and parse than the upsert itself.
 */
async function upsertCalls(
  q: Queryable,
  table: 'call_minutes' | 'call_hours',
  time: 'minute' | 'hour',
  rows: (Omit<CallBucket, 'minute'> & { at: Date })[],
) {
  const json = JSON.stringify(
    rows.map((r) => ({
      partner_id: r.partnerId,
      action: r.action,
      at: r.at.toISOString(),
      ok_count: r.okCount,
      error_count: r.errorCount,
      error_types: r.errorTypes,
      latency_counts: r.latencyCounts,
      latency_sum_ms: r.latencySumMs,
    })),
  );
  const t = sql.identifier(table);
  const column = sql.identifier(time);
  await q.execute(sql`
    insert into ${t} (partner_id, action, ${column}, ok_count, error_count, error_types, latency_counts, latency_sum_ms)
    select partner_id, action, at, ok_count, error_count, error_types, latency_counts, latency_sum_ms
    from jsonb_to_recordset(${json}::jsonb) as r(partner_id uuid, action text, at timestamptz, ok_count int,
      error_count int, error_types jsonb, latency_counts int[], latency_sum_ms bigint)
    on conflict (partner_id, action, ${column}) do update set
      ok_count = ${t}.ok_count + excluded.ok_count,
      error_count = ${t}.error_count + excluded.error_count,
      error_types = case when excluded.error_types = '{}'::jsonb then ${t}.error_types
        else ${errorTypesSum(sql`${t}.error_types`)} end,
      latency_counts = ${binsSum(sql`${t}.latency_counts`)},
      latency_sum_ms = ${t}.latency_sum_ms + excluded.latency_sum_ms`);
}

export async function addFeedBuckets(q: Queryable, rows: FeedBucket[]): Promise<void> {
  if (rows.length === 0) return;
  await q
    .insert(feedMinutes)
    .values(byKey(rows, (r) => feedKey(r, r.minute)))
    .onConflictDoUpdate({
      target: [feedMinutes.partnerId, feedMinutes.feed, feedMinutes.minute],
      set: feedSet(feedMinutes),
    });
  await q
    .insert(feedHours)
    .values(byKey(rollUpFeeds(rows), (r) => feedKey(r, r.hour)))
    .onConflictDoUpdate({
      target: [feedHours.partnerId, feedHours.feed, feedHours.hour],
      set: feedSet(feedHours),
    });
}

export async function addMerchantBuckets(q: Queryable, rows: MerchantBucket[]): Promise<void> {
  if (rows.length === 0) return;
  await q
    .insert(merchantMinutes)
    .values(byKey(rows, (r) => merchantKey(r, r.minute)))
    .onConflictDoUpdate({
      target: [merchantMinutes.partnerId, merchantMinutes.minute],
      set: merchantSet(merchantMinutes),
    });
  await q
    .insert(merchantHours)
    .values(byKey(rollUpMerchants(rows), (r) => merchantKey(r, r.hour)))
    .onConflictDoUpdate({
      target: [merchantHours.partnerId, merchantHours.hour],
      set: merchantSet(merchantHours),
    });
}
