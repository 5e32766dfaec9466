import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { instantsReading, offsetStretches, rememberedOffsets } from './wall-clock.js';

const wall = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const utc = (millis: number) => new Date(millis).toISOString();
const berlin = () => rememberedOffsets(IANAZone.create('Europe/Berlin'));

describe('offsetStretches', () => {
  it('finds the spring-forward change to the millisecond, one stretch per offset', () => {
    const stretches = offsetStretches(berlin(), wall('2027-03-28T00:00:00'), wall('2027-03-29T00:00:00'));
    expect(stretches.map((s) => [utc(s.start), utc(s.end), s.offset])).toEqual([
      ['2027-03-27T06:00:00.000Z', '2027-03-28T01:00:00.000Z', 60],
      ['2027-03-28T01:00:00.000Z', '2027-03-29T12:00:00.000Z', 120],
    ]);
  });

  it('is a single stretch on a day without a change', () => {
    const stretches = offsetStretches(berlin(), wall('2027-06-15T00:00:00'), wall('2027-06-16T00:00:00'));
    expect(stretches.map((s) => [utc(s.start), utc(s.end), s.offset])).toEqual([
      ['2027-06-14T06:00:00.000Z', '2027-06-16T12:00:00.000Z', 120],
    ]);
  });
});

describe('instantsReading', () => {
  it('gives the real time the wall clock reads inside [from, to), passing over stretches it misses', () => {
    const stretches = offsetStretches(berlin(), wall('2027-03-28T00:00:00'), wall('2027-03-29T00:00:00'));
    // 09:00–17:00 on the Sunday the clocks went forward: all of it in summer time.
    const spans = instantsReading(stretches, wall('2027-03-28T09:00:00'), wall('2027-03-28T17:00:00'));
    expect(spans.map((s) => [utc(s.start), utc(s.end)])).toEqual([
      ['2027-03-28T07:00:00.000Z', '2027-03-28T15:00:00.000Z'],
    ]);
    // 01:00–02:00 was still winter time.
    const night = instantsReading(stretches, wall('2027-03-28T01:00:00'), wall('2027-03-28T02:00:00'));
    expect(night.map((s) => [utc(s.start), utc(s.end)])).toEqual([
      ['2027-03-28T00:00:00.000Z', '2027-03-28T01:00:00.000Z'],
    ]);
  });
});
