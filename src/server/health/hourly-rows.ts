import { type SQL, sql } from 'drizzle-orm';
import { ROLLED_UNTIL } from './rollup.js';

export type BucketKind = 'call' | 'feed' | 'merchant';

/**
 * A bucket table's rows over [from, to) by hour, as a subquery with the time in `at`: the hour rows before the
 * roll-up mark and, from the mark on, the minute rows, each with its hour in `at`. An hour after the mark comes as
 * its minutes, not grouped: every caller sums. `where` filters both tables (their columns but the time are the
 * same), and `columns` are read from both.
 */
export function hourlyRows(
  kind: BucketKind,
  columns: readonly string[],
  where: SQL,
  from: Date,
  to: Date,
): SQL {
  const list = sql.raw(columns.join(', '));
  const since = sql`${from.toISOString()}::timestamptz`;
  const until = sql`${to.toISOString()}::timestamptz`;
  return sql`
    select ${list}, hour as at from ${sql.identifier(`${kind}_hours`)}
    where ${where} and hour >= ${since} and hour < ${until} and hour < ${ROLLED_UNTIL}
    union all
    select ${list}, date_bin('1 hour', minute, 'epoch'::timestamptz) as at from ${sql.identifier(`${kind}_minutes`)}
    where ${where} and minute >= ${since} and minute < ${until} and minute >= ${ROLLED_UNTIL}`;
}
