import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { type Database, type Queryable, rowsOf } from '../db/client.js';
import { rolledUntil } from './rollup.js';

type Unit = 'day' | 'month';

/** The time-partitioned signal tables: minute buckets by day, hourly roll-ups by month. */
export const PARTITIONED_TABLES: readonly { table: string; unit: Unit }[] = [
  { table: 'call_minutes', unit: 'day' },
  { table: 'feed_minutes', unit: 'day' },
  { table: 'merchant_minutes', unit: 'day' },
  { table: 'call_hours', unit: 'month' },
  { table: 'feed_hours', unit: 'month' },
  { table: 'merchant_hours', unit: 'month' },
];

/** Serialises partition DDL across instances: two `CREATE TABLE IF NOT EXISTS` racing can still collide. */
const PARTITION_LOCK = 724_451_010;

const suffixFormat = (unit: Unit) => (unit === 'day' ? 'yyyyLLdd' : 'yyyyLL');

/** The partition covering an instant: its name and its [start, end) range, in UTC. */
export function partitionFor(table: string, unit: Unit, at: Date) {
  const start = DateTime.fromJSDate(at, { zone: 'utc' }).startOf(unit);
  const end = start.plus(unit === 'day' ? { days: 1 } : { months: 1 });
  return {
    name: `${table}_p${start.toFormat(suffixFormat(unit))}`,
    start: start.toJSDate(),
    end: end.toJSDate(),
  };
}

/** Every partition start from `from` to `to`, inclusive. */
function periodsBetween(unit: Unit, from: Date, to: Date): Date[] {
  const starts: Date[] = [];
  const step = unit === 'day' ? { days: 1 } : { months: 1 };
  for (
    let at = DateTime.fromJSDate(from, { zone: 'utc' }).startOf(unit);
    at.toMillis() <= to.getTime();
    at = at.plus(step)
  )
    starts.push(at.toJSDate());
  return starts;
}

/** The partitions a table has now, with the start their name encodes (the DEFAULT partition has none). */
export async function partitionsOf(q: Queryable, table: string, unit: Unit) {
  const rows = rowsOf<{ name: string }>(
    await q.execute(sql`
      select c.relname as name from pg_inherits i
      join pg_class c on c.oid = i.inhrelid
      join pg_class p on p.oid = i.inhparent
      where p.relname = ${table}
      order by c.relname`),
  );
  return rows
    .map((r) => {
      const suffix = r.name.slice(table.length + 2);
      const start = DateTime.fromFormat(suffix, suffixFormat(unit), { zone: 'utc' });
      return start.isValid && r.name.startsWith(`${table}_p`)
        ? { name: r.name, start: start.toJSDate() }
        : null;
    })
    .filter((p) => p !== null);
}

const timeColumn = (unit: Unit) => (unit === 'day' ? 'minute' : 'hour');

/**
 * Makes the partitions covering [from, to] that do not exist yet. Rows the DEFAULT partition caught for a new
 * partition's range (PostgreSQL refuses to create it over them) move into it first: made detached, filled, attached.
 */
export async function ensurePartitions(q: Queryable, table: string, unit: Unit, from: Date, to: Date) {
  const existing = new Set((await partitionsOf(q, table, unit)).map((p) => p.name));
  for (const start of periodsBetween(unit, from, to)) {
    const part = partitionFor(table, unit, start);
    if (existing.has(part.name)) continue;
    const range = `from ('${part.start.toISOString()}') to ('${part.end.toISOString()}')`;
    const inRange = `"${timeColumn(unit)}" >= '${part.start.toISOString()}' and "${timeColumn(unit)}" < '${part.end.toISOString()}'`;
    const caught = rowsOf(
      await q.execute(sql.raw(`select 1 from "${table}_default" where ${inRange} limit 1`)),
    );
    if (caught.length === 0) {
      await q.execute(sql.raw(`create table "${part.name}" partition of "${table}" for values ${range}`));
      continue;
    }
    await q.execute(
      sql.raw(`create table "${part.name}" (like "${table}" including defaults including constraints)`),
    );
    await q.execute(
      sql.raw(
        `with moved as (delete from "${table}_default" where ${inRange} returning *) insert into "${part.name}" select * from moved`,
      ),
    );
    await q.execute(sql.raw(`alter table "${table}" attach partition "${part.name}" for values ${range}`));
  }
}

/** Drops the partitions that end at or before the cutoff, and the DEFAULT partition's rows older than it. */
export async function dropPartitionsBefore(q: Queryable, table: string, unit: Unit, cutoff: Date) {
  const dropped: string[] = [];
  for (const part of await partitionsOf(q, table, unit)) {
    if (partitionFor(table, unit, part.start).end.getTime() > cutoff.getTime()) continue;
    await q.execute(sql.raw(`drop table "${part.name}"`));
    dropped.push(part.name);
  }
  await q.execute(
    sql.raw(
      `delete from "${table}_default" where "${timeColumn(unit)}" < '${cutoff.toISOString()}'::timestamptz`,
    ),
  );
  return dropped;
}

export interface Retention {
  minuteDays: number;
  hourMonths: number;
}

/**
 * Keeps each table's partitions from its retention cutoff to two periods ahead, and drops what is older: the
 * retention job and every start run it. Under one advisory lock, so instances take turns. Minutes not rolled up
 * yet (at or after the roll-up mark, or all of them before the first roll-up) are kept past retention: their
 * hours exist nowhere else.
 */
export async function maintainPartitions(db: Database, now: Date, retention: Retention) {
  const at = DateTime.fromJSDate(now, { zone: 'utc' });
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PARTITION_LOCK})`);
    const mark = await rolledUntil(tx);
    const dropped: string[] = [];
    for (const { table, unit } of PARTITIONED_TABLES) {
      const cutoff = (
        unit === 'day' ? at.minus({ days: retention.minuteDays }) : at.minus({ months: retention.hourMonths })
      ).toJSDate();
      const dropBefore =
        unit === 'day' ? Math.min(cutoff.getTime(), mark ?? Number.NEGATIVE_INFINITY) : cutoff.getTime();
      if (Number.isFinite(dropBefore))
        dropped.push(...(await dropPartitionsBefore(tx, table, unit, new Date(dropBefore))));
      const ahead = (unit === 'day' ? at.plus({ days: 2 }) : at.plus({ months: 1 })).toJSDate();
      await ensurePartitions(tx, table, unit, cutoff, ahead);
    }
    return dropped;
  });
}
