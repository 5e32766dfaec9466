import { describe, expect, it } from 'vitest';
import { medianServing, merchantsFinding } from './merchants.js';
import { DEFAULT_RULE_SETTINGS } from './settings.js';

const settings = DEFAULT_RULE_SETTINGS.merchants;
const report = (serving: number, total: number, samples = 1) => ({
  servingSum: serving * samples,
  totalSum: total * samples,
  samples,
});
const week = (serving: number, hours = 7 * 24) =>
  Array.from({ length: hours }, () => report(serving, 200, 60));
const severityOf = (current: ReturnType<typeof report>, hourly = week(100)) =>
  merchantsFinding(current, hourly, settings)?.severity ?? null;

describe('merchantsFinding', () => {
  it.each([
    ['half serving', report(50, 100), [], null],
    ['just under half serving', report(49, 100), [], 'critical'],
    ['serving at half the median', report(50, 60), week(100), null],
    ['serving just under half the median', report(49, 60), week(100), 'critical'],
    ['under half the median, 23 hours of baseline', report(10, 12), week(100, 23), null],
    ['under half the median, 24 hours of baseline', report(10, 12), week(100, 24), 'critical'],
    ['no reports', report(0, 0, 0), week(100), null],
    ['no merchants', report(0, 0), week(100), null],
  ])('%s → %s', (_, current, hourly, expected) => {
    expect(severityOf(current, hourly)).toBe(expected);
  });

  it('holds the figures that tripped it', () => {
    expect(merchantsFinding(report(40, 100, 15), week(90), settings)).toEqual({
      area: 'merchants',
      rule: 'merchants_serving',
      severity: 'critical',
      evidence: {
        windowMinutes: 15,
        serving: 40,
        total: 100,
        servingShare: 0.4,
        baselineMedianServing: 90,
        baselineDays: 7,
        lowShare: true,
        dropped: true,
      },
    });
  });
});

describe('medianServing', () => {
  it('is the middle hourly mean, or the mean of the two middle ones, over hours with reports', () => {
    expect(medianServing([report(3, 9), report(1, 9), report(0, 0, 0), report(2, 9)], 1)).toBe(2);
    expect(medianServing([report(4, 9), report(1, 9), report(2, 9), report(8, 9)], 1)).toBe(3);
    expect(medianServing([report(4, 9)], 2)).toBeNull();
  });
});
