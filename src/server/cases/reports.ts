import { and, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { cases, partners } from '../db/schema/index.js';
import { invalid } from '../lib/errors.js';
import { parseInstant } from '../lib/instant.js';

export const REPORT_GROUPS = ['category', 'partner', 'month'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

export interface ReportRow {
  key: string;
  label: string;
  cases: number;
  firstResponseMedianMinutes: number | null;
  firstResponseP90Minutes: number | null;
  resolutionMedianMinutes: number | null;
  resolutionP90Minutes: number | null;
  /** Share of the group's cases that breached a target, 0..1. */
  breachRate: number;
}

const minutesTo = (column: SQL) => sql`extract(epoch from (${column} - ${cases.createdAt})) / 60`;
const percentile = (fraction: number, column: SQL, present: SQL) =>
  sql<
    number | null
  >`percentile_cont(${sql.raw(String(fraction))}) within group (order by ${minutesTo(column)}) filter (where ${present} is not null)`;

const GROUP_KEYS: Record<ReportGroup, { key: SQL<string>; label: SQL<string> }> = {
  category: { key: sql<string>`${cases.category}`, label: sql<string>`${cases.category}` },
  partner: { key: sql<string>`${cases.partnerId}::text`, label: sql<string>`max(${partners.name})` },
  month: {
    key: sql<string>`to_char(${cases.createdAt} at time zone 'UTC', 'YYYY-MM')`,
    label: sql<string>`to_char(${cases.createdAt} at time zone 'UTC', 'YYYY-MM')`,
  },
};

/**
 * First-response and resolution times (median and 90th percentile, in minutes from filing) and the breach rate
 * of the cases filed in [from, to), grouped by category, partner or month.
 */
export async function caseReport(
  ctx: AppContext,
  query: { groupBy: ReportGroup; from?: string; to?: string },
): Promise<ReportRow[]> {
  const where: SQL[] = [];
  for (const [field, value, op] of [
    ['from', query.from, gte],
    ['to', query.to, lt],
  ] as const) {
    if (!value) continue;
    const at = parseInstant(value);
    if (!at) throw invalid(field, 'is not an RFC 3339 date-time with a time zone', 'invalid_date_time');
    where.push(op(cases.createdAt, at));
  }
  const group = GROUP_KEYS[query.groupBy];
  const firstResponseAt = sql`${cases.firstResponseAt}`;
  const resolvedAt = sql`${cases.resolvedAt}`;
  const rows = await ctx.db
    .select({
      key: group.key,
      label: group.label,
      cases: sql<number>`count(*)::int`,
      firstResponseMedianMinutes: percentile(0.5, firstResponseAt, firstResponseAt),
      firstResponseP90Minutes: percentile(0.9, firstResponseAt, firstResponseAt),
      resolutionMedianMinutes: percentile(0.5, resolvedAt, resolvedAt),
      resolutionP90Minutes: percentile(0.9, resolvedAt, resolvedAt),
      breached: sql<number>`count(*) filter (where ${cases.firstResponseBreached} or ${cases.resolutionBreached})::int`,
    })
    .from(cases)
    .innerJoin(partners, sql`${partners.id} = ${cases.partnerId}`)
    .where(where.length > 0 ? and(...where) : undefined)
    .groupBy(group.key)
    .orderBy(group.key);
  const round = (value: number | string | null) =>
    value === null ? null : Math.round(Number(value) * 10) / 10;
  return rows.map(({ breached, ...row }) => ({
    key: row.key,
    label: row.label,
    cases: Number(row.cases),
    firstResponseMedianMinutes: round(row.firstResponseMedianMinutes),
    firstResponseP90Minutes: round(row.firstResponseP90Minutes),
    resolutionMedianMinutes: round(row.resolutionMedianMinutes),
    resolutionP90Minutes: round(row.resolutionP90Minutes),
    breachRate: Number(row.cases) === 0 ? 0 : Number(breached) / Number(row.cases),
  }));
}

const CSV_COLUMNS: (keyof ReportRow)[] = [
  'key',
  'label',
  'cases',
  'firstResponseMedianMinutes',
  'firstResponseP90Minutes',
  'resolutionMedianMinutes',
  'resolutionP90Minutes',
  'breachRate',
];

/** RFC 4180: quoted where needed, CRLF line ends; a leading =,+,-,@ is defused so spreadsheets don't run it. */
export function reportCsv(rows: readonly ReportRow[]): string {
  const cell = (value: unknown) => {
    let text = value === null || value === undefined ? '' : String(value);
    if (/^[=+\-@]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((c) => cell(row[c])).join(','))]
    .map((line) => `${line}\r\n`)
    .join('');
}
