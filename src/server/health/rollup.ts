import { sql } from 'drizzle-orm';
import { LATENCY_BINS } from '../../shared/health.js';
import { type Database, type Queryable, rowsOf } from '../db/client.js';
import { HOUR } from '../lib/clock.js';
import type { BucketKind } from './hourly-rows.js';

/*
 * Hours are rolled up from minutes by a job, not added by intake: the hour upserts were a fifth of a batch's
 * database time. health_rollup.rolled_until marks how far hour rows are whole (see the table's comment).
 *
 * One advisory lock keeps that exact across instances: intake holds it shared for its whole transaction, reading
 * the mark under it (and adding late events, before the mark, to their hour rows as well); the roll-up takes it
 * exclusively, so no batch is half-way between reading the mark and writing its minutes while an hour is summed.
 */
const ROLLUP_LOCK = 724_451_011;

/** The mark, as SQL: readers put it in the statement that reads the rows, so both come from one snapshot. */
export const ROLLED_UNTIL = sql`coalesce((select rolled_until from health_rollup), '-infinity'::timestamptz)`;

/**
 * Holds the roll-up lock shared until the transaction ends, and answers the mark (null: nothing rolled up). Two
 * statements: under READ COMMITTED a statement reads the data as it was when it began, so a mark read in the
 * statement that waited for the lock would be the one from before the roll-up that held it, and the batch's
 * events for the hour just rolled would land in minutes alone.
 */
export async function holdRolledUntil(tx: Queryable): Promise<number | null> {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${ROLLUP_LOCK})`);
  return rolledUntil(tx);
}

/** The mark as it stands (null: nothing rolled up yet). */
export async function rolledUntil(q: Queryable): Promise<number | null> {
  const [row] = rowsOf<{ until: string | Date | null }>(
    await q.execute(sql`select rolled_until as until from health_rollup`),
  );
  return row?.until == null ? null : new Date(row.until).getTime();
}

/** A bucket table pair: its key columns, the columns summed, and whether it has error types and histograms. */
interface Pair {
  kind: BucketKind;
  key: readonly string[];
  sums: readonly string[];
  calls?: true;
}
const PAIRS: readonly Pair[] = [
  {
    kind: 'call',
    key: ['partner_id', 'action'],
    sums: ['ok_count', 'error_count', 'latency_sum_ms'],
    calls: true,
  },
  {
    kind: 'feed',
    key: ['partner_id', 'feed'],
    sums: ['ingestions', 'clean_ingestions', 'records', 'errors', 'warnings'],
  },
  { kind: 'merchant', key: ['partner_id'], sums: ['serving_sum', 'total_sum', 'samples'] },
];

/**
 * The hour rows of [from, to) summed from their minutes, replacing what those hours held: a roll-up run twice
 * gives the same rows. Error types are summed key by key and histograms bin by bin, as intake adds them.
 */
function rollUpStatement({ kind, key, sums, calls }: Pair, from: Date, to: Date) {
  const keys = key.join(', ');
  const group = `${keys}, hour`;
  const extra = calls
    ? `,
    types as (
      select ${group}, jsonb_object_agg(k, n) as error_types from (
        select ${group}, e.key as k, sum(e.value::bigint) as n
        from m, jsonb_each_text(m.error_types) as e where m.error_count > 0 group by ${group}, e.key) per_type
      group by ${group}),
    bins as (
      select ${group}, array_agg(n order by i) as latency_counts from (
        select ${group}, u.i, sum(u.c)::int as n
        from m, unnest(m.latency_counts) with ordinality as u(c, i) group by ${group}, u.i) per_bin
      group by ${group})`
    : '';
  const columns = [...key, 'hour', ...sums, ...(calls ? ['error_types', 'latency_counts'] : [])];
  const values = [
    ...key.map((k) => `s.${k}`),
    's.hour',
    ...sums.map((c) => `s.${c}`),
    ...(calls
      ? [
          `coalesce(types.error_types, '{}'::jsonb)`,
          `coalesce(bins.latency_counts, array_fill(0, array[${LATENCY_BINS}]))`,
        ]
      : []),
  ];
  const joins = calls ? `left join types using (${group}) left join bins using (${group})` : '';
  return sql`
    with m as (
      select *, date_bin('1 hour', minute, 'epoch'::timestamptz) as hour from ${sql.identifier(`${kind}_minutes`)}
      where minute >= ${from.toISOString()}::timestamptz and minute < ${to.toISOString()}::timestamptz),
    s as (select ${sql.raw(group)}, ${sql.raw(sums.map((c) => `sum(${c}) as ${c}`).join(', '))}
      from m group by ${sql.raw(group)})${sql.raw(extra)}
    insert into ${sql.identifier(`${kind}_hours`)} as t (${sql.raw(columns.join(', '))})
    select ${sql.raw(values.join(', '))} from s ${sql.raw(joins)}
    on conflict (${sql.raw(group)}) do update set
      ${sql.raw(
        columns
          .slice(key.length + 1)
          .map((c) => `${c} = excluded.${c}`)
          .join(', '),
      )}`;
}

/** Hours summed under one hold of the lock: after downtime the backlog goes a few hours at a time, so intake waits
 * for one short step at a time, never for the whole backlog. */
const HOURS_PER_STEP = 6;

/**
 * Rolls every ended hour not rolled up yet (the hour `now` falls in is still filling) and moves the mark past
 * them, a few hours per transaction: the three tables and the mark together, under the lock held exclusively.
 * Answers the hours rolled, [from, to), or null when there were none.
 */
export async function rollUpHours(db: Database, now: Date): Promise<{ from: Date; to: Date } | null> {
  const to = Math.floor(now.getTime() / HOUR) * HOUR;
  const steps: { from: Date; to: Date }[] = [];
  for (let step = await rollUpStep(db, to); step !== null; step = await rollUpStep(db, to)) steps.push(step);
  const [first] = steps;
  return first ? { from: first.from, to: (steps.at(-1) ?? first).to } : null;
}

/** The next few hours before `to` rolled up and the mark moved past them; null when the mark is at `to`. */
async function rollUpStep(db: Database, to: number): Promise<{ from: Date; to: Date } | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ROLLUP_LOCK})`);
    const mark = await rolledUntil(tx);
    if (mark !== null && mark >= to) return null;
    // Never rolled up: from the hour of the oldest minute kept (nothing older is left to roll).
    const from = mark ?? (await oldestMinuteHour(tx)) ?? to;
    const until = Math.min(to, from + HOURS_PER_STEP * HOUR);
    const span = { from: new Date(from), to: new Date(until) };
    const rolling = from < until;
    if (rolling) for (const pair of PAIRS) await tx.execute(rollUpStatement(pair, span.from, span.to));
    await tx.execute(sql`update health_rollup set rolled_until = ${span.to.toISOString()}::timestamptz`);
    return rolling ? span : null;
  });
}

async function oldestMinuteHour(q: Queryable): Promise<number | null> {
  const [row] = rowsOf<{ first: string | Date | null }>(
    await q.execute(sql`select least((select min(minute) from call_minutes), (select min(minute) from feed_minutes),
      (select min(minute) from merchant_minutes)) as first`),
  );
  return row?.first == null ? null : Math.floor(new Date(row.first).getTime() / HOUR) * HOUR;
}
