import { asc, eq, ne, sql } from 'drizzle-orm';
import type { HealthSeverity } from '../../../shared/health.js';
import type { IntegrationState, PartnerStatus } from '../../../shared/partners.js';
import { type Queryable, rowsOf } from '../../db/client.js';
import { healthEscalations, healthFeedState, healthPartnerState, partners } from '../../db/schema/index.js';
import { type BucketKind, hourlyRows } from '../hourly-rows.js';
import type { HealthWindow } from './ranges.js';

/*
 * Each dashboard table is one grouped read over the window: rows summed per step (date_bin over the epoch, the
 * same alignment as ranges.ts), never a query per point. Sums come back as float8 so both drivers hand numbers.
 */

/**
 * A table's rows of the partner over the window, with the time in `at`: minute rows for the short ranges; for the
 * long ones hour rows before the roll-up mark and minute rows after it (hourly-rows.ts).
 */
function rowsOver(kind: BucketKind, columns: readonly string[], partnerId: string, window: HealthWindow) {
  const where = sql`partner_id = ${partnerId}`;
  const from = new Date(window.from);
  const to = new Date(window.to);
  if (window.source === 'hours') return hourlyRows(kind, columns, where, from, to);
  return sql`select ${sql.raw(columns.join(', '))}, minute as at from ${sql.identifier(`${kind}_minutes`)}
    where ${where} and minute >= ${from.toISOString()}::timestamptz and minute < ${to.toISOString()}::timestamptz`;
}

const stepOf = (window: HealthWindow) =>
  sql`date_bin(${`${window.stepMs / 1000} seconds`}::interval, at, 'epoch'::timestamptz)`;
const epochMs = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);

export interface CallStepRow {
  action: string;
  t: number;
  ok: number;
  errors: number;
  errorTypes: Record<string, number>;
  latencyCounts: number[];
}

/** Calls per action and step: counts, error types summed by key, histograms summed bin by bin. */
export async function loadCallSteps(q: Queryable, partnerId: string, window: HealthWindow) {
  const columns = ['action', 'ok_count', 'error_count', 'error_types', 'latency_counts'];
  const result = await q.execute(sql`
    with b as (
      select action, ${stepOf(window)} as t, ok_count, error_count, error_types, latency_counts
      from (${rowsOver('call', columns, partnerId, window)}) r),
    counts as (
      select action, t, sum(ok_count)::float8 as ok, sum(error_count)::float8 as errors from b group by action, t),
    bins as (
      select action, t, array_agg(n order by i) as latency_counts from (
        select action, t, i, sum(c)::float8 as n
        from b, unnest(b.latency_counts) with ordinality as u(c, i) group by action, t, i) per_bin
      group by action, t),
    types as (
      select action, t, jsonb_object_agg(k, n) as error_types from (
        select action, t, e.key as k, sum(e.value::bigint)::float8 as n
        from b, jsonb_each_text(b.error_types) as e group by action, t, e.key) per_type
      group by action, t)
    select counts.action, ${epochMs('counts.t')} as t, counts.ok, counts.errors,
      coalesce(types.error_types, '{}'::jsonb) as "errorTypes",
      coalesce(bins.latency_counts, '{}'::float8[]) as "latencyCounts"
    from counts
    left join bins on bins.action = counts.action and bins.t = counts.t
    left join types on types.action = counts.action and types.t = counts.t
    order by counts.t`);
  return rowsOf<CallStepRow>(result);
}

export interface FeedStepRow {
  feed: string;
  t: number;
  ingestions: number;
  errors: number;
  warnings: number;
  records: number;
}

export async function loadFeedSteps(q: Queryable, partnerId: string, window: HealthWindow) {
  const columns = ['feed', 'ingestions', 'errors', 'warnings', 'records'];
  const result = await q.execute(sql`
    select feed, ${epochMs('t')} as t, ingestions, errors, warnings, records from (
      select feed, ${stepOf(window)} as t, sum(ingestions)::float8 as ingestions, sum(errors)::float8 as errors,
        sum(warnings)::float8 as warnings, sum(records)::float8 as records
      from (${rowsOver('feed', columns, partnerId, window)}) r
      group by feed, 2) steps
    order by t`);
  return rowsOf<FeedStepRow>(result);
}

export interface MerchantStepRow {
  t: number;
  servingSum: number;
  totalSum: number;
  samples: number;
}

export async function loadMerchantSteps(q: Queryable, partnerId: string, window: HealthWindow) {
  const columns = ['serving_sum', 'total_sum', 'samples'];
  const result = await q.execute(sql`
    select ${epochMs('t')} as t, "servingSum", "totalSum", samples from (
      select ${stepOf(window)} as t, sum(serving_sum)::float8 as "servingSum", sum(total_sum)::float8 as "totalSum",
        sum(samples)::float8 as samples
      from (${rowsOver('merchant', columns, partnerId, window)}) r
      group by 1) steps
    order by t`);
  return rowsOf<MerchantStepRow>(result);
}

export async function loadFeedStates(q: Queryable, partnerId: string) {
  return q
    .select({
      feed: healthFeedState.feed,
      lastCleanAt: healthFeedState.lastCleanAt,
      errorsSince: healthFeedState.errorsSince,
    })
    .from(healthFeedState)
    .where(eq(healthFeedState.partnerId, partnerId));
}

export async function loadIntegrationState(
  q: Queryable,
  partnerId: string,
): Promise<IntegrationState | null> {
  const [row] = await q
    .select({ integration: partners.integrationState })
    .from(partners)
    .where(eq(partners.id, partnerId));
  return row?.integration ?? null;
}

/** Every partner (of a status), with when its platform last sent a signal. */
export async function loadOverviewPartners(q: Queryable, status?: PartnerStatus) {
  return q
    .select({
      partnerId: partners.id,
      name: partners.name,
      status: partners.status,
      integration: partners.integrationState,
      lastSignalAt: healthPartnerState.signalAt,
    })
    .from(partners)
    .leftJoin(healthPartnerState, eq(healthPartnerState.partnerId, partners.id))
    .where(status ? eq(partners.status, status) : undefined)
    .orderBy(asc(partners.name));
}

/** Calls per partner and hour in [from, to), all actions together. */
export async function loadHourlyCalls(q: Queryable, from: Date, to: Date) {
  const rows = rowsOf<{ partnerId: string; hour: string | Date; ok: number; errors: number }>(
    await q.execute(sql`
      select partner_id as "partnerId", at as hour, sum(ok_count)::float8 as ok, sum(error_count)::float8 as errors
      from (${hourlyRows('call', ['partner_id', 'ok_count', 'error_count'], sql`true`, from, to)}) r
      group by partner_id, at`),
  );
  return rows.map((r) => ({ ...r, hour: new Date(r.hour), ok: Number(r.ok), errors: Number(r.errors) }));
}

/** Unresolved escalations per partner and severity. */
export async function loadOpenEscalationCounts(q: Queryable) {
  const rows = await q
    .select({
      partnerId: healthEscalations.partnerId,
      severity: healthEscalations.severity,
      count: sql<number>`count(*)::int`,
    })
    .from(healthEscalations)
    .where(ne(healthEscalations.status, 'resolved'))
    .groupBy(healthEscalations.partnerId, healthEscalations.severity);
  return rows.map((r) => ({ ...r, severity: r.severity as HealthSeverity, count: Number(r.count) }));
}
