export const REPORT_GROUPS = ['category', 'partner', 'month'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The start of a calendar day where the browser is, as an instant; undefined for an empty or partial date. */
function startOfDay(day: string, plusDays = 0): string | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  const [, year, month, date] = match.map(Number) as [number, number, number, number];
  return new Date(year, month - 1, date + plusDays).toISOString();
}

/**
 * The report's query for days picked in the browser: cases filed from the start of `from` up to the end of
 * `to`, both in the user's time zone (the API takes instants and counts `to` as exclusive).
 */
export function reportQuery(groupBy: ReportGroup, from: string, to: string) {
  const query: { groupBy: ReportGroup; from?: string; to?: string } = { groupBy };
  const start = startOfDay(from);
  const end = startOfDay(to, 1);
  if (start) query.from = start;
  if (end) query.to = end;
  return query;
}

/** The query as a URL search string, for the cache key and the CSV link. */
export const searchOf = (query: ReturnType<typeof reportQuery>) =>
  new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => !!entry[1]),
  ).toString();
