import { describe, expect, it } from 'vitest';
import { activeSpans, unionOf } from './spans.js';

const at = (hhmm: string) => new Date(`2026-06-15T${hhmm}:00Z`);
const span = (start: string, end: string) => ({ start: at(start), end: at(end) });
const hhmm = (spans: { start: Date; end: Date }[]) =>
  spans.map((s) => `${s.start.toISOString().slice(11, 16)}–${s.end.toISOString().slice(11, 16)}`);

describe('unionOf', () => {
  it('sorts, merges overlapping and touching spans, drops empty ones', () => {
    const spans = [
      span('10:00', '11:00'),
      span('08:00', '09:00'),
      span('09:00', '09:30'),
      span('10:30', '12:00'),
    ];
    expect(hhmm(unionOf([...spans, span('13:00', '13:00'), span('15:00', '14:00')]))).toEqual([
      '08:00–09:30',
      '10:00–12:00',
    ]);
  });

  it('does not change its input', () => {
    const spans = [span('08:00', '09:00'), span('08:30', '10:00')];
    unionOf(spans);
    expect(hhmm(spans)).toEqual(['08:00–09:00', '08:30–10:00']);
  });
});

describe('activeSpans', () => {
  it('cuts the pauses out of [from, to)', () => {
    const pauses = [
      span('09:00', '10:00'),
      span('11:00', '11:30'),
      span('07:00', '08:30'),
      span('16:00', '18:00'),
    ];
    expect(hhmm(activeSpans(at('08:00'), at('17:00'), pauses))).toEqual([
      '08:30–09:00',
      '10:00–11:00',
      '11:30–16:00',
    ]);
  });

  it('leaves no empty span before a pause that starts with [from, to) or right after another', () => {
    const pauses = [span('08:00', '09:00'), span('09:00', '10:00'), span('16:00', '17:00')];
    expect(hhmm(activeSpans(at('08:00'), at('17:00'), pauses))).toEqual(['10:00–16:00']);
  });

  it('runs a pause without an end until `to`', () => {
    expect(hhmm(activeSpans(at('08:00'), at('17:00'), [{ start: at('12:00'), end: null }]))).toEqual([
      '08:00–12:00',
    ]);
  });

  it('is empty when a pause covers everything, and [from, to) without pauses', () => {
    expect(activeSpans(at('08:00'), at('17:00'), [span('07:00', '18:00')])).toEqual([]);
    expect(hhmm(activeSpans(at('08:00'), at('17:00'), []))).toEqual(['08:00–17:00']);
  });
});
