import { describe, expect, it } from 'vitest';
import { formatDueMoment, formatDuration } from './sla-text.js';

describe('formatDuration', () => {
  it('reads minutes as days, hours and minutes', () => {
    expect([0, 45, 60, 130, 1440, 1500, 3000, -130].map(formatDuration)).toEqual([
      '0 min',
      '45 min',
      '1 h',
      '2 h 10 min',
      '1 d',
      '1 d 1 h',
      '2 d 2 h',
      '2 h 10 min',
    ]);
  });
});

describe('formatDueMoment', () => {
  it('shows the instant in the calendar zone with its abbreviation', () => {
    const at = '2027-03-30T07:30:00Z';
    expect(formatDueMoment('en', at, 'Europe/Berlin')).toBe('Tue, Mar 30, 09:30 AM GMT+2');
    expect(formatDueMoment('de', at, 'Europe/Berlin')).toBe('Di., 30. März, 09:30 MESZ');
  });
});
