import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/*
 * Partner health signals, merged into time buckets instead of one row per event (issue #10). Every table here is
 * range-partitioned on its time column (see migration 0008 and health/partitions.ts): retention drops whole
 * partitions instead of deleting rows. Partitioned tables carry no foreign keys to partners, so dropping a
 * partner leaves its buckets to age out with their partitions.
 */

/**
 * Fulfillment calls per partner, action and minute (or hour): counts by outcome and error type, latency histogram.
 * Minute tables are also indexed by time alone: the hourly roll-up reads one hour of them (rollup.ts).
 */
const callColumns = {
  partnerId: uuid('partner_id').notNull(),
  action: text('action').notNull(),
  okCount: integer('ok_count').notNull().default(0),
  errorCount: integer('error_count').notNull().default(0),
  errorTypes: jsonb('error_types').$type<Record<string, number>>().notNull().default({}),
  latencyCounts: integer('latency_counts').array().notNull(),
  latencySumMs: bigint('latency_sum_ms', { mode: 'number' }).notNull().default(0),
};

export const callMinutes = pgTable(
  'call_minutes',
  { ...callColumns, minute: timestamp('minute', { withTimezone: true }).notNull() },
  (t) => [
    primaryKey({ columns: [t.partnerId, t.action, t.minute] }),
    index('call_minutes_minute_idx').on(t.minute),
  ],
);

export const callHours = pgTable(
  'call_hours',
  { ...callColumns, hour: timestamp('hour', { withTimezone: true }).notNull() },
  (t) => [primaryKey({ columns: [t.partnerId, t.action, t.hour] })],
);

/** Feed ingestions per partner, feed and minute (or hour). */
const feedColumns = {
  partnerId: uuid('partner_id').notNull(),
  feed: text('feed').notNull(),
  ingestions: integer('ingestions').notNull().default(0),
  /** Ingestions without errors: what "a successful ingestion" means for staleness. */
  cleanIngestions: integer('clean_ingestions').notNull().default(0),
  records: bigint('records', { mode: 'number' }).notNull().default(0),
  errors: bigint('errors', { mode: 'number' }).notNull().default(0),
  warnings: bigint('warnings', { mode: 'number' }).notNull().default(0),
};

export const feedMinutes = pgTable(
  'feed_minutes',
  { ...feedColumns, minute: timestamp('minute', { withTimezone: true }).notNull() },
  (t) => [
    primaryKey({ columns: [t.partnerId, t.feed, t.minute] }),
    index('feed_minutes_minute_idx').on(t.minute),
  ],
);

export const feedHours = pgTable(
  'feed_hours',
  { ...feedColumns, hour: timestamp('hour', { withTimezone: true }).notNull() },
  (t) => [primaryKey({ columns: [t.partnerId, t.feed, t.hour] })],
);

/** Merchants serving, as sums over the reports in the bucket (divide by `samples` for the mean). */
const merchantColumns = {
  partnerId: uuid('partner_id').notNull(),
  servingSum: bigint('serving_sum', { mode: 'number' }).notNull().default(0),
  totalSum: bigint('total_sum', { mode: 'number' }).notNull().default(0),
  samples: integer('samples').notNull().default(0),
};

export const merchantMinutes = pgTable(
  'merchant_minutes',
  { ...merchantColumns, minute: timestamp('minute', { withTimezone: true }).notNull() },
  (t) => [
    primaryKey({ columns: [t.partnerId, t.minute] }),
    index('merchant_minutes_minute_idx').on(t.minute),
  ],
);

export const merchantHours = pgTable(
  'merchant_hours',
  { ...merchantColumns, hour: timestamp('hour', { withTimezone: true }).notNull() },
  (t) => [primaryKey({ columns: [t.partnerId, t.hour] })],
);

/**
 * How far the hour rows are complete (one row). Intake writes minutes; a job rolls each ended hour up from its
 * minutes and moves `rolledUntil` (an hour boundary) past it. Hour rows before it are whole, late events
 * included (intake adds those to both); readers take hours before it and minutes from it on, so they are exact
 * whenever the job last ran. Null until the first roll-up: then every hour is read from minutes.
 */
export const healthRollup = pgTable(
  'health_rollup',
  {
    id: boolean('id').primaryKey().default(true),
    rolledUntil: timestamp('rolled_until', { withTimezone: true }),
  },
  (t) => [check('health_rollup_one_row', sql`${t.id}`)],
);
