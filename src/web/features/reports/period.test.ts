import { describe, expect, it } from 'vitest';
import { reportQuery, searchOf } from './period.js';

describe('reportQuery', () => {
  it('leaves out days not given, or given only in part', () => {
    expect(reportQuery('category', '', '')).toEqual({ groupBy: 'category' });
    expect(reportQuery('month', '2026-0', '2026-13-1')).toEqual({ groupBy: 'month' });
  });

  it('counts from the start of the first day to the end of the last, where the browser is', () => {
    expect(reportQuery('partner', '2026-03-01', '2026-03-31')).toEqual({
      groupBy: 'partner',
      from: new Date(2026, 2, 1).toISOString(),
      to: new Date(2026, 3, 1).toISOString(),
    });
    // The day after the last of a year is the first of the next.
    expect(reportQuery('month', '', '2026-12-31').to).toBe(new Date(2027, 0, 1).toISOString());
  });

  it('writes the query as a search string', () => {
    const query = reportQuery('category', '2026-03-01', '');
    expect(searchOf(query)).toBe(`groupBy=category&from=${encodeURIComponent(query.from ?? '')}`);
  });
});
