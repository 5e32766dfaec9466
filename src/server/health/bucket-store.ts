import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.js';
import {
  callHours,
  callMinutes,
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

/** The sum of two error-type maps, key by key. */
const errorTypesAdded = (column: PgColumn) => sql`(
  select coalesce(jsonb_object_agg(k, v), '{}'::jsonb) from (
    select key as k, sum(value::bigint) as v
    from (select * from jsonb_each_text(${column})
          union all select * from jsonb_each_text(excluded.error_types)) both_sides
    group by key) summed)`;

/** Two histograms added bin by bin (a shorter one counts as zeros). */
const binsAdded = (column: PgColumn) => sql`array(
  select coalesce(a, 0) + coalesce(b, 0)
  from unnest(${column}, excluded.latency_counts) with ordinality as bins(a, b, i)
  order by i)`;

function callSet(t: typeof callMinutes | typeof callHours): Record<string, SQL> {
  return {
    okCount: added(t.okCount, 'ok_count'),
    errorCount: added(t.errorCount, 'error_count'),
    errorTypes: errorTypesAdded(t.errorTypes),
    latencyCounts: binsAdded(t.latencyCounts),
    latencySumMs: added(t.latencySumMs, 'latency_sum_ms'),
  };
}

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
  await q
    .insert(callMinutes)
    .values(byKey(rows, (r) => callKey(r, r.minute)))
    .onConflictDoUpdate({
      target: [callMinutes.partnerId, callMinutes.action, callMinutes.minute],
      set: callSet(callMinutes),
    });
  await q
    .insert(callHours)
    .values(byKey(rollUpCalls(rows), (r) => callKey(r, r.hour)))
    .onConflictDoUpdate({
      target: [callHours.partnerId, callHours.action, callHours.hour],
      set: callSet(callHours),
    });
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
