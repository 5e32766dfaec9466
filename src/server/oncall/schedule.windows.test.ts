import { describe, expect, it } from 'vitest';
import { type Layer, renderSchedule, type Schedule, type Shift, whoIsOnCall } from './schedule.js';

// 2026-06-01 is a Monday.
const at = (iso: string) => new Date(iso);
const rows = (shifts: Shift[]) =>
  shifts.map((s) => [
    s.userId,
    s.start.toISOString().slice(0, 16),
    s.end.toISOString().slice(0, 16),
    s.layer,
  ]);
const layer = (users: string[], extra: Partial<Layer> = {}): Layer => ({
  name: 'Primary',
  start: at('2026-06-01T09:00:00Z'),
  rotation: { type: 'daily' },
  handoffTime: '09:00',
  users,
  ...extra,
});
const schedule = (layers: Layer[], overrides: Schedule['overrides'] = [], timeZone = 'UTC'): Schedule => ({
  timeZone,
  versions: [{ effectiveFrom: at('2026-01-01T00:00:00Z'), layers }],
  overrides,
});
const render = (s: Schedule, from: string, to: string) => rows(renderSchedule(s, at(from), at(to)));

describe('renderSchedule: the range asked for', () => {
  const s = schedule([layer(['ana'])]);

  it('is empty for an empty or reversed range', () => {
    expect(render(s, '2026-06-02T00:00:00Z', '2026-06-02T00:00:00Z')).toEqual([]);
    expect(render(s, '2026-06-03T00:00:00Z', '2026-06-02T00:00:00Z')).toEqual([]);
  });

  it('renders 400 days at once and refuses a millisecond more', () => {
    expect(render(s, '2026-06-01T09:00:00Z', '2027-07-06T09:00:00Z')).toEqual([
      ['ana', '2026-06-01T09:00', '2027-07-06T09:00', 'Primary'],
    ]);
    expect(() => renderSchedule(s, at('2026-06-01T09:00:00Z'), at('2027-07-06T09:00:00.001Z'))).toThrow(
      new RangeError('render at most 400 days at once'),
    );
  });

  it('has nobody on call from a layer without people', () => {
    expect(render(schedule([layer([])]), '2026-06-02T00:00:00Z', '2026-06-03T00:00:00Z')).toEqual([]);
  });
});

describe('renderSchedule: restrictions', () => {
  it('keeps a layer to its days and hours, 24:00 closing at midnight', () => {
    const evenings = layer(['ana'], {
      restrictions: [{ days: ['mon', 'wed'], start: '18:00', end: '24:00' }],
    });
    expect(render(schedule([evenings]), '2026-06-01T00:00:00Z', '2026-06-04T00:00:00Z')).toEqual([
      ['ana', '2026-06-01T18:00', '2026-06-02T00:00', 'Primary'],
      ['ana', '2026-06-03T18:00', '2026-06-04T00:00', 'Primary'],
    ]);
  });

  it('runs a restriction ending before it starts into the next day, only from the days it lists', () => {
    const nights = layer(['ana'], { restrictions: [{ days: ['fri'], start: '22:00', end: '06:00' }] });
    expect(render(schedule([nights]), '2026-06-05T00:00:00Z', '2026-06-08T00:00:00Z')).toEqual([
      ['ana', '2026-06-05T22:00', '2026-06-06T06:00', 'Primary'],
    ]);
  });

  it('clips a window to the range, a night begun the day before included', () => {
    const nights = layer(['ana'], { restrictions: [{ days: ['mon', 'tue'], start: '22:00', end: '06:00' }] });
    expect(render(schedule([nights]), '2026-06-02T03:00:00Z', '2026-06-02T23:00:00Z')).toEqual([
      ['ana', '2026-06-02T03:00', '2026-06-02T06:00', 'Primary'],
      ['ana', '2026-06-02T22:00', '2026-06-02T23:00', 'Primary'],
    ]);
  });

  it('reads the hours on the schedule’s wall clock', () => {
    const office = layer(['ana'], { restrictions: [{ days: ['tue'], start: '09:00', end: '17:00' }] });
    expect(
      render(schedule([office], [], 'Europe/Berlin'), '2026-06-01T00:00:00Z', '2026-06-04T00:00:00Z'),
    ).toEqual([['ana', '2026-06-02T07:00', '2026-06-02T15:00', 'Primary']]);
  });
});

describe('renderSchedule: turns', () => {
  it('starts custom turns far into a rotation with the person whose turn it is', () => {
    const s = schedule([
      layer(['a', 'b', 'c'], { start: at('2026-06-01T00:00:00Z'), rotation: { type: 'custom', hours: 8 } }),
    ]);
    expect(render(s, '2026-06-03T04:00:00Z', '2026-06-03T16:00:00Z')).toEqual([
      ['a', '2026-06-03T04:00', '2026-06-03T08:00', 'Primary'],
      ['b', '2026-06-03T08:00', '2026-06-03T16:00', 'Primary'],
    ]);
    expect(render(s, '2026-05-31T00:00:00Z', '2026-06-01T09:00:00Z')).toEqual([
      ['a', '2026-06-01T00:00', '2026-06-01T08:00', 'Primary'],
      ['b', '2026-06-01T08:00', '2026-06-01T09:00', 'Primary'],
    ]);
  });

  it('hands a weekly rotation started mid-day over on the same weekday a week on', () => {
    const s = schedule([
      layer(['a', 'b'], { start: at('2026-06-03T12:00:00Z'), rotation: { type: 'weekly' } }),
    ]);
    expect(render(s, '2026-06-03T00:00:00Z', '2026-06-18T00:00:00Z')).toEqual([
      ['a', '2026-06-03T12:00', '2026-06-10T09:00', 'Primary'],
      ['b', '2026-06-10T09:00', '2026-06-17T09:00', 'Primary'],
      ['a', '2026-06-17T09:00', '2026-06-18T00:00', 'Primary'],
    ]);
  });

  it('hands a daily rotation over at the handoff time, however far past its start', () => {
    const s = schedule([layer(['a', 'b', 'c'], { start: at('2026-06-01T12:00:00Z') })]);
    expect(render(s, '2026-06-20T00:00:00Z', '2026-06-21T12:00:00Z')).toEqual([
      ['a', '2026-06-20T00:00', '2026-06-20T09:00', 'Primary'],
      ['b', '2026-06-20T09:00', '2026-06-21T09:00', 'Primary'],
      ['c', '2026-06-21T09:00', '2026-06-21T12:00', 'Primary'],
    ]);
  });
});

describe('renderSchedule: layers, overrides and versions', () => {
  it('lets the higher layer win, and keeps the same person on two layers as two stretches', () => {
    const top = layer(['ana'], {
      name: 'Nights',
      restrictions: [{ days: ['tue'], start: '20:00', end: '24:00' }],
    });
    expect(render(schedule([layer(['ana']), top]), '2026-06-02T18:00:00Z', '2026-06-03T02:00:00Z')).toEqual([
      ['ana', '2026-06-02T18:00', '2026-06-02T20:00', 'Primary'],
      ['ana', '2026-06-02T20:00', '2026-06-03T00:00', 'Nights'],
      ['ana', '2026-06-03T00:00', '2026-06-03T02:00', 'Primary'],
    ]);
    const under = layer(['ben'], { name: 'Backup' });
    expect(render(schedule([under, layer(['ana'])]), '2026-06-02T18:00:00Z', '2026-06-02T20:00:00Z')).toEqual(
      [['ana', '2026-06-02T18:00', '2026-06-02T20:00', 'Primary']],
    );
  });

  it('clips an override to the range and puts it above every layer', () => {
    const s = schedule(
      [layer(['ana']), layer(['ben'], { name: 'Top' })],
      [
        { userId: 'olga', start: at('2026-06-02T08:00:00Z'), end: at('2026-06-02T12:00:00Z') },
        { userId: 'otto', start: at('2026-06-01T00:00:00Z'), end: at('2026-06-02T08:00:00Z') },
      ],
    );
    expect(render(s, '2026-06-02T07:00:00Z', '2026-06-02T13:00:00Z')).toEqual([
      ['otto', '2026-06-02T07:00', '2026-06-02T08:00', 'override'],
      ['olga', '2026-06-02T08:00', '2026-06-02T12:00', 'override'],
      ['ben', '2026-06-02T12:00', '2026-06-02T13:00', 'Top'],
    ]);
    expect(whoIsOnCall(s, at('2026-06-02T11:59:59Z'))).toEqual(['olga']);
    expect(whoIsOnCall(s, at('2026-06-02T12:00:00Z'))).toEqual(['ben']);
    expect(render(s, '2026-06-03T00:00:00Z', '2026-06-03T01:00:00Z')).toEqual([
      ['ben', '2026-06-03T00:00', '2026-06-03T01:00', 'Top'],
    ]);
  });

  it('lets the override added later win where two overlap', () => {
    const s = schedule(
      [layer(['ana'])],
      [
        { userId: 'olga', start: at('2026-06-02T08:00:00Z'), end: at('2026-06-02T12:00:00Z') },
        { userId: 'otto', start: at('2026-06-02T10:00:00Z'), end: at('2026-06-02T11:00:00Z') },
      ],
    );
    expect(render(s, '2026-06-02T08:00:00Z', '2026-06-02T13:00:00Z')).toEqual([
      ['olga', '2026-06-02T08:00', '2026-06-02T10:00', 'override'],
      ['otto', '2026-06-02T10:00', '2026-06-02T11:00', 'override'],
      ['olga', '2026-06-02T11:00', '2026-06-02T12:00', 'override'],
      ['ana', '2026-06-02T12:00', '2026-06-02T13:00', 'Primary'],
    ]);
  });

  it('renders nothing of a version before it takes effect', () => {
    const s: Schedule = {
      timeZone: 'UTC',
      versions: [{ effectiveFrom: at('2026-06-02T12:00:00Z'), layers: [layer(['ana'])] }],
      overrides: [],
    };
    expect(render(s, '2026-06-02T00:00:00Z', '2026-06-02T12:00:00Z')).toEqual([]);
    expect(render(s, '2026-06-02T00:00:00Z', '2026-06-02T13:00:00Z')).toEqual([
      ['ana', '2026-06-02T12:00', '2026-06-02T13:00', 'Primary'],
    ]);
  });
});
