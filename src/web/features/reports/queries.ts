import { client } from '../../api/client.js';
import { useApiQuery } from '../../api/hooks.js';
import { type ReportGroup, reportQuery, searchOf } from './period.js';

/** Case times and breach rate by group, for cases filed between two days (either may be empty). */
export const useCaseReport = (groupBy: ReportGroup, from: string, to: string) => {
  const query = reportQuery(groupBy, from, to);
  return useApiQuery(`/reports/cases?${searchOf(query)}`, () =>
    client.GET('/api/v1/reports/cases', { params: { query } }),
  );
};

/** The same report as a CSV download (a plain link: the browser saves what the server sends). */
export const caseReportCsvUrl = (groupBy: ReportGroup, from: string, to: string) =>
  `/api/v1/reports/cases.csv?${searchOf(reportQuery(groupBy, from, to))}`;
