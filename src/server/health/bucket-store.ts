import { type SQL, sql } from 'drizzle-orm';
import { LATENCY_BINS } from '../../shared/health.js';
import type { Queryable } from '../db/client.js';
import type { callMinutes, feedMinutes, merchantMinutes } from '../db/schema/index.js';
import {
  type CallBucket,
  type CallStats,
  type FeedBucket,
  type FeedStats,
  type MerchantBucket,
  type MerchantStats,
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
 * each other's counts. Hour rows are rolled up from minutes by a job (rollup.ts); only a late bucket, in an hour
 * already rolled up, is added to its hour row as well. Rows go in key order: two instances upserting overlapping
 * rows lock them in the same order, never a deadlock.
 */

/**
 * The sum of the stored and the incoming error-type maps, key by key. Most buckets have no errors on one side or
 * the other, and then the sum is the other side as it is.
 */
const ERROR_TYPES_SUM = `case when excluded.error_types = '{}'::jsonb then t.error_types
  when t.error_types = '{}'::jsonb then excluded.error_types else (
  select coalesce(jsonb_object_agg(k, v), '{}'::jsonb) from (
    select key as k, sum(value::bigint) as v
    from (select * from jsonb_each_text(t.error_types)
          union all select * from jsonb_each_text(excluded.error_types)) both_sides
    group by key) summed) end`;
/**
 * The stored and the incoming histograms added bin by bin, written out as one array of LATENCY_BINS sums (a
 * shorter stored one counts as zeros): a fifth cheaper per row than unnesting both arrays and aggregating.
 */
const BINS_SUM = `array[${Array.from(
  { length: LATENCY_BINS },
  (_, i) => `coalesce(t.latency_counts[${i + 1}], 0) + coalesce(excluded.latency_counts[${i + 1}], 0)`,
).join(', ')}]`;

type Column = readonly [name: string, type: string];

/** A bucket table's shape: its key columns before the time column, the columns added, and any other merge. */
interface Shape {
  key: readonly Column[];
  sums: readonly Column[];
  merges?: readonly (readonly [name: string, type: string, merge: string])[];
}

const CALLS: Shape = {
  key: [
    ['partner_id', 'uuid'],
    ['action', 'text'],
  ],
  sums: [
    ['ok_count', 'int'],
    ['error_count', 'int'],
    ['latency_sum_ms', 'bigint'],
  ],
  merges: [
    ['error_types', 'jsonb', ERROR_TYPES_SUM],
    ['latency_counts', 'int[]', BINS_SUM],
  ],
};
const FEEDS: Shape = {
  key: [
    ['partner_id', 'uuid'],
    ['feed', 'text'],
  ],
  sums: [
    ['ingestions', 'int'],
    ['clean_ingestions', 'int'],
    ['records', 'bigint'],
    ['errors', 'bigint'],
    ['warnings', 'bigint'],
  ],
};
const MERCHANTS: Shape = {
  key: [['partner_id', 'uuid']],
  sums: [
    ['serving_sum', 'bigint'],
    ['total_sum', 'bigint'],
    ['samples', 'int'],
  ],
};

/**
 * The upsert of one table, built once: the rows travel as one JSON parameter the database unpacks
 * (json_to_recordset: plain json, which the database reads once, not jsonb, which it would build first), since
 * hundreds of rows as bound parameters cost more to build and parse than the upsert itself. Each row is an
 * object keyed by column name.
 */
function upsertInto(table: string, time: 'minute' | 'hour', shape: Shape): (rowsJson: string) => SQL {
  const columns: Column[] = [
    ...shape.key,
    [time, 'timestamptz'],
    ...shape.sums,
    ...(shape.merges ?? []).map(([name, type]): Column => [name, type]),
  ];
  const names = columns.map(([name]) => name).join(', ');
  const set = [
    ...shape.sums.map(([name]) => `${name} = t.${name} + excluded.${name}`),
    ...(shape.merges ?? []).map(([name, , merge]) => `${name} = ${merge}`),
  ].join(',\n    ');
  const before = sql.raw(`insert into ${table} as t (${names})
  select ${names} from json_to_recordset(`);
  const after = sql.raw(`::json)
    as r(${columns.map(([name, type]) => `${name} ${type}`).join(', ')})
  on conflict (${[...shape.key.map(([name]) => name), time].join(', ')}) do update set
    ${set}`);
  return (rowsJson) => sql`${before}${rowsJson}${after}`;
}

const UPSERT = {
  callMinutes: upsertInto('call_minutes', 'minute', CALLS),
  callHours: upsertInto('call_hours', 'hour', CALLS),
  feedMinutes: upsertInto('feed_minutes', 'minute', FEEDS),
  feedHours: upsertInto('feed_hours', 'hour', FEEDS),
  merchantMinutes: upsertInto('merchant_minutes', 'minute', MERCHANTS),
  merchantHours: upsertInto('merchant_hours', 'hour', MERCHANTS),
};

type Time = { minute: Date } | { hour: Date };
const timeOf = (row: Time) => ('minute' in row ? row.minute : row.hour);
/** The time column under its own name, as json_to_recordset matches keys to columns. */
const timeColumn = (row: Time) =>
  'minute' in row ? { minute: row.minute.toISOString() } : { hour: row.hour.toISOString() };

/** Rows in key order (the time last), as JSON: concurrent upserts lock overlapping rows in the same order. */
function rowsJson<R extends Time>(
  rows: readonly R[],
  keyOf: (row: R) => string,
  columnsOf: (row: R) => object,
) {
  const keyed = rows.map((row) => ({ key: `${keyOf(row)}|${timeOf(row).toISOString()}`, row }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return JSON.stringify(keyed.map(({ row }) => ({ ...columnsOf(row), ...timeColumn(row) })));
}

type Keyed<S, K> = S & K & Time;
const callRow = (b: Keyed<CallStats, { partnerId: string; action: string }>) => ({
  partner_id: b.partnerId,
  action: b.action,
  ok_count: b.okCount,
  error_count: b.errorCount,
  latency_sum_ms: b.latencySumMs,
  error_types: b.errorTypes,
  latency_counts: b.latencyCounts,
});
const feedRow = (b: Keyed<FeedStats, { partnerId: string; feed: string }>) => ({
  partner_id: b.partnerId,
  feed: b.feed,
  ingestions: b.ingestions,
  clean_ingestions: b.cleanIngestions,
  records: b.records,
  errors: b.errors,
  warnings: b.warnings,
});
const merchantRow = (b: Keyed<MerchantStats, { partnerId: string }>) => ({
  partner_id: b.partnerId,
  serving_sum: b.servingSum,
  total_sum: b.totalSum,
  samples: b.samples,
});
const callKey = (b: { partnerId: string; action: string }) => `${b.partnerId}|${b.action}`;
const feedKey = (b: { partnerId: string; feed: string }) => `${b.partnerId}|${b.feed}`;
const merchantKey = (b: { partnerId: string }) => b.partnerId;

/** One hour's rows of a table, as JSON: written only when that hour is already rolled up. */
export interface HourRows {
  hour: number;
  json: string;
}

/**
 * A batch's buckets as the parameters of the upserts: minute rows of calls, feeds and merchants (null where the
 * batch has none), and their hour rows an hour at a time, oldest first. Built apart from the statements so intake
 * can build them on its worker thread, before it knows which hours are rolled up.
 */
export interface BucketRows {
  callMinutes: string | null;
  callHours: HourRows[];
  feedMinutes: string | null;
  feedHours: HourRows[];
  merchantMinutes: string | null;
  merchantHours: HourRows[];
}

/** Hour rows split by hour, each hour's in key order. */
function hourRowsOf<R extends { hour: Date }>(
  rows: readonly R[],
  keyOf: (row: R) => string,
  columnsOf: (row: R) => object,
): HourRows[] {
  const byHour = new Map<number, R[]>();
  for (const row of rows) {
    const hour = row.hour.getTime();
    const inHour = byHour.get(hour);
    if (inHour) inHour.push(row);
    else byHour.set(hour, [row]);
  }
  return [...byHour.entries()]
    .sort(([a], [b]) => a - b)
    .map(([hour, inHour]) => ({ hour, json: rowsJson(inHour, keyOf, columnsOf) }));
}

export function bucketRowsOf(buckets: {
  calls: readonly CallBucket[];
  feeds: readonly FeedBucket[];
  merchants: readonly MerchantBucket[];
}): BucketRows {
  const { calls, feeds, merchants } = buckets;
  const some = <B>(rows: readonly B[], json: (rows: readonly B[]) => string) =>
    rows.length === 0 ? null : json(rows);
  return {
    callMinutes: some(calls, (rows) => rowsJson(rows, callKey, callRow)),
    callHours: hourRowsOf(rollUpCalls(calls), callKey, callRow),
    feedMinutes: some(feeds, (rows) => rowsJson(rows, feedKey, feedRow)),
    feedHours: hourRowsOf(rollUpFeeds(feeds), feedKey, feedRow),
    merchantMinutes: some(merchants, (rows) => rowsJson(rows, merchantKey, merchantRow)),
    merchantHours: hourRowsOf(rollUpMerchants(merchants), merchantKey, merchantRow),
  };
}

/** The hour rows of the hours before `rolledUntil` as one JSON array, hour by hour; null when there are none. */
function rolledHours(hours: readonly HourRows[], rolledUntil: number | null): string | null {
  const rolled = hours.filter((h) => rolledUntil !== null && h.hour < rolledUntil);
  return rolled.length === 0 ? null : `[${rolled.map((h) => h.json.slice(1, -1)).join(',')}]`;
}

/**
 * Adds the rows to what is stored: counts summed, error types by key, histograms by bin; hour rows only for the
 * hours before `rolledUntil` (the roll-up mark, read under its lock in the same transaction). One statement, each
 * table's upsert a CTE of it: on PGlite a statement costs ~0.25 ms whatever it does. PostgreSQL runs the CTEs in
 * an order of its choosing, but always the same for statements of this shape, and every writer sends one: so
 * concurrent batches still lock their rows in one order (hour rows are ordered by hour, then key).
 */
export async function addBucketRows(
  q: Queryable,
  rows: BucketRows,
  rolledUntil: number | null,
): Promise<void> {
  const json: Record<keyof typeof UPSERT, string | null> = {
    callMinutes: rows.callMinutes,
    callHours: rolledHours(rows.callHours, rolledUntil),
    feedMinutes: rows.feedMinutes,
    feedHours: rolledHours(rows.feedHours, rolledUntil),
    merchantMinutes: rows.merchantMinutes,
    merchantHours: rolledHours(rows.merchantHours, rolledUntil),
  };
  const upserts = (Object.keys(UPSERT) as (keyof typeof UPSERT)[]).flatMap((table) => {
    const rowsJson = json[table];
    return rowsJson === null ? [] : [sql`${sql.raw(table)} as (${UPSERT[table](rowsJson)})`];
  });
  if (upserts.length > 0) await q.execute(sql`with ${sql.join(upserts, sql`, `)} select 1`);
}
