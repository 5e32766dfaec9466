import { describe, expect, it } from 'vitest';
import { offsetIn, timelineRows, twoWeekWindow } from './timeline.js';

const iso = (date: Date) => date.toISOString();

describe('the schedule page’s two-week timeline', () => {
  it('starts at local midnight in the schedule’s zone and counts real days across DST', () => {
    // 10:00 in Berlin on Tuesday 2027-03-23; clocks go forward on Sunday 2027-03-28.
    const window = twoWeekWindow('Europe/Berlin', new Date('2027-03-23T09:00:00Z'), 0);
    expect(iso(window.from)).toBe('2027-03-22T23:00:00.000Z');
    expect(iso(window.to)).toBe('2027-04-05T22:00:00.000Z');
    expect(window.days).toHaveLength(14);
    expect(iso(window.days[5] as Date)).toBe('2027-03-27T23:00:00.000Z');
    expect(iso(window.days[6] as Date)).toBe('2027-03-28T22:00:00.000Z');
  });

  it('moves by whole two-week pages, back and forth', () => {
    const now = new Date('2026-01-05T09:00:00Z');
    expect(iso(twoWeekWindow('America/New_York', now, -1).from)).toBe('2025-12-22T05:00:00.000Z');
    expect(iso(twoWeekWindow('America/New_York', now, 1).from)).toBe('2026-01-19T05:00:00.000Z');
    expect(iso(twoWeekWindow('UTC', now, 0).to)).toBe('2026-01-19T00:00:00.000Z');
  });

  it('places an instant along the window in percent, and nowhere outside it', () => {
    const window = twoWeekWindow('UTC', new Date('2026-01-05T12:00:00Z'), 0);
    expect(offsetIn(window, new Date('2026-01-12T00:00:00Z'))).toBe(50);
    expect(offsetIn(window, new Date('2026-01-04T23:59:00Z'))).toBeNull();
    expect(offsetIn(window, new Date('2026-01-19T00:00:01Z'))).toBeNull();
  });

  it('draws a row per layer, one for overrides and the final one, clipped to the window', () => {
    const window = twoWeekWindow('UTC', new Date('2026-01-05T12:00:00Z'), 0);
    const shifts = [
      { userId: 'ana', start: '2026-01-01T00:00:00Z', end: '2026-01-08T00:00:00Z', layer: 'Primary' },
      { userId: 'ben', start: '2026-01-08T00:00:00Z', end: '2026-01-08T12:00:00Z', layer: 'override' },
      { userId: 'ben', start: '2026-01-08T12:00:00Z', end: '2026-01-15T00:00:00Z', layer: 'Primary' },
      { userId: 'cleo', start: '2026-01-15T00:00:00Z', end: '2026-01-22T00:00:00Z', layer: 'Old name' },
    ];
    const rows = timelineRows(window, ['Primary', 'Weekends'], shifts);
    expect(rows.map((row) => [row.kind, row.name, row.bars.map((bar) => bar.userId)])).toEqual([
      ['layer', 'Primary', ['ana', 'ben']],
      ['layer', 'Weekends', []],
      ['layer', 'Old name', ['cleo']],
      ['override', undefined, ['ben']],
      ['final', undefined, ['ana', 'ben', 'cleo']],
    ]);
    const [ana, ben, cleo] = rows.at(-1)?.bars ?? [];
    expect(ana?.left).toBe(0);
    expect(ana?.width).toBeCloseTo((3 / 14) * 100, 9);
    expect(iso(ben?.start as Date)).toBe('2026-01-08T00:00:00.000Z');
    expect(iso(ben?.end as Date)).toBe('2026-01-15T00:00:00.000Z');
    expect(iso(cleo?.end as Date)).toBe('2026-01-19T00:00:00.000Z');
    expect((cleo?.left ?? 0) + (cleo?.width ?? 0)).toBe(100);
  });
});
