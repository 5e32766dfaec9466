import { describe, expect, it } from 'vitest';
import type { AppError } from '../lib/errors.js';
import { type LayerInput, readLayers } from './schedule-rules.js';

const layer = (extra: Partial<LayerInput> = {}): LayerInput => ({
  name: 'Primary',
  start: '2027-03-26T08:00:00Z',
  rotation: { type: 'daily' },
  handoffTime: '09:00',
  users: ['ana', 'ben'],
  ...extra,
});
const weekdays = (start: string, end: string, days = ['mon', 'tue']) => ({ days, start, end });

/** The refusal readLayers throws: its message and details, as the API answers them. */
function refusal(layers: LayerInput[], timeZone = 'Europe/Berlin') {
  try {
    readLayers(timeZone, layers);
  } catch (error) {
    const { message, details } = error as AppError;
    return { message, ...details };
  }
  throw new Error('readLayers accepted the layers');
}

describe('readLayers: the zone and the layer', () => {
  it('refuses a zone that is not an IANA zone', () => {
    expect(refusal([layer()], 'Mars/Olympus')).toEqual({
      message: 'timeZone: is not an IANA time zone',
      field: 'timeZone',
      reason: 'unknown_time_zone',
      params: undefined,
    });
  });

  it('refuses a start without a zone, naming the layer by its index', () => {
    expect(refusal([layer(), layer({ start: '2027-03-26T08:00:00' })])).toEqual({
      message: 'layers.1.start: is not an RFC 3339 date-time with a time zone',
      field: 'layers.1.start',
      reason: 'invalid_date_time',
      params: undefined,
    });
  });

  it.each(['24:00', '9:00', '09:60', '0900'])('refuses the handoff time %s', (handoffTime) => {
    expect(refusal([layer({ handoffTime })])).toEqual({
      message: 'layers.0.handoffTime: must be a time HH:MM from 00:00 to 23:59',
      field: 'layers.0.handoffTime',
      reason: 'invalid_format',
      params: undefined,
    });
  });

  it('refuses a layer without people', () => {
    expect(refusal([layer({ users: [] })])).toEqual({
      message: 'layers.0.users: needs at least one person',
      field: 'layers.0.users',
      reason: 'too_few',
      params: { limit: 1 },
    });
  });
});

describe('readLayers: rotations', () => {
  it.each([undefined, 0, 1.5, 24 * 366 + 1])('refuses a custom rotation of %s hours', (hours) => {
    expect(refusal([layer({ rotation: { type: 'custom', hours } })])).toEqual({
      message: 'layers.0.rotation.hours: is required for a custom rotation: whole hours from 1',
      field: 'layers.0.rotation.hours',
      reason: 'too_small',
      params: { limit: 1 },
    });
  });

  it.each(['daily', 'weekly'] as const)('refuses hours on a %s rotation', (type) => {
    expect(refusal([layer({ rotation: { type, hours: 12 } })])).toEqual({
      message: 'layers.0.rotation.hours: only applies to a custom rotation',
      field: 'layers.0.rotation.hours',
      reason: 'only_with',
      params: { other: 'custom' },
    });
  });

  it('accepts custom turns from 1 hour to 366 days, and keeps hours only on them', () => {
    const layers = readLayers('Europe/Berlin', [
      layer({ rotation: { type: 'custom', hours: 1 } }),
      layer({ rotation: { type: 'custom', hours: 24 * 366 } }),
      layer({ rotation: { type: 'weekly' } }),
    ]);
    expect(layers.map((l) => l.rotation)).toStrictEqual([
      { type: 'custom', hours: 1 },
      { type: 'custom', hours: 8784 },
      { type: 'weekly' },
    ]);
  });

  it('turns the input into the renderer’s layer: the start a Date, no restrictions key when there are none', () => {
    expect(readLayers('UTC', [layer({ restrictions: [] })])).toStrictEqual([
      {
        name: 'Primary',
        start: new Date('2027-03-26T08:00:00Z'),
        rotation: { type: 'daily' },
        handoffTime: '09:00',
        users: ['ana', 'ben'],
      },
    ]);
  });
});

describe('readLayers: restrictions', () => {
  it('keeps restrictions ending at 24:00 or running past midnight', () => {
    const [read] = readLayers('UTC', [
      layer({ restrictions: [weekdays('18:00', '24:00'), weekdays('22:00', '06:00', ['sun'])] }),
    ]);
    expect(read?.restrictions).toEqual([
      { days: ['mon', 'tue'], start: '18:00', end: '24:00' },
      { days: ['sun'], start: '22:00', end: '06:00' },
    ]);
  });

  it.each([[[]], [['mon', 'someday']]])('refuses the days %j', (days) => {
    expect(
      refusal([layer({ restrictions: [weekdays('09:00', '17:00'), weekdays('09:00', '17:00', days)] })]),
    ).toEqual({
      message: 'layers.0.restrictions.1.days: must list days from mon to sun',
      field: 'layers.0.restrictions.1.days',
      reason: 'not_allowed',
      params: { allowed: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] },
    });
  });

  it.each(['24:00', '9:00'])('refuses the start %s', (start) => {
    expect(refusal([layer({ restrictions: [weekdays(start, '17:00')] })])).toEqual({
      message: 'layers.0.restrictions.0.start: must be a time HH:MM',
      field: 'layers.0.restrictions.0.start',
      reason: 'invalid_format',
      params: undefined,
    });
  });

  it.each(['24:01', '25:00', '7:00'])('refuses the end %s', (end) => {
    expect(refusal([layer({ restrictions: [weekdays('09:00', end)] })])).toEqual({
      message: 'layers.0.restrictions.0.end: must be a time HH:MM or 24:00',
      field: 'layers.0.restrictions.0.end',
      reason: 'invalid_format',
      params: undefined,
    });
  });

  it('refuses a restriction that ends as it starts', () => {
    expect(refusal([layer({ restrictions: [weekdays('09:00', '09:00')] })])).toEqual({
      message: 'layers.0.restrictions.0.end: must differ from start',
      field: 'layers.0.restrictions.0.end',
      reason: 'invalid',
      params: undefined,
    });
  });
});
