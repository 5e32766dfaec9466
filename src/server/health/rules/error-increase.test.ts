import { describe, expect, it } from 'vitest';
import type { CallStats } from '../buckets.js';
import { errorIncreaseFinding } from './error-increase.js';
import { calls, windows } from './fixtures.js';
import { DEFAULT_RULE_SETTINGS } from './settings.js';

const settings = DEFAULT_RULE_SETTINGS.errorIncrease;
const WEEK = 7 * 24 * 60;
/** The last 10 minutes, and the week holding them on top of a baseline of `base` calls with `baseErrors`. */
const recentOver = (recent: CallStats, base: number, baseErrors: number) =>
  windows({
    10: recent,
    [WEEK]: calls(base + recent.okCount + recent.errorCount, baseErrors + recent.errorCount),
  });
const severityOf = (recent: CallStats, base = 0, baseErrors = 0) =>
  errorIncreaseFinding('checkout', recentOver(recent, base, baseErrors), settings)?.severity ?? null;

describe('errorIncreaseFinding', () => {
  it.each([
    ['5 points over a clean week', calls(100, 5), 0, 0, 'high'],
    ['4 points over a clean week', calls(100, 4), 0, 0, null],
    ['5 errors among 19 calls: under the minimum count', calls(19, 5), 0, 0, null],
    ['5 errors among 20 calls: 25 %', calls(20, 5), 0, 0, 'critical'],
    ['4 errors among 20 calls: under the minimum errors', calls(20, 4), 0, 0, null],
    ['24 %', calls(100, 24), 0, 0, 'high'],
    ['25 %', calls(100, 25), 0, 0, 'critical'],
    ['7 % over a 2 % week: 5 points and 3.5×', calls(100, 7), 10_000, 200, 'high'],
    ['6 % over a 2 % week: only 4 points', calls(100, 6), 10_000, 200, null],
    ['12 % over a 4 % week: 8 points and 3×', calls(100, 12), 10_000, 400, 'high'],
    ['11 % over a 4 % week: 2.75×', calls(100, 11), 10_000, 400, null],
    ['30 % over a 10 % week: 3× and past 25 %', calls(100, 30), 10_000, 1000, 'critical'],
    ['29 % over a 10 % week: 2.9×', calls(100, 29), 10_000, 1000, null],
  ])('%s → %s', (_, recent, base, baseErrors, expected) => {
    expect(severityOf(recent, base, baseErrors)).toBe(expected);
  });

  it('leaves the recent window out of the baseline, so a long outage does not raise its own bar', () => {
    expect(severityOf(calls(10_000, 10_000), 1000, 0)).toBe('critical');
  });

  describe('over the short window too', () => {
    /** 5 and 10 minutes of calls over a clean week of 10,000. */
    const over = (five: CallStats, ten: CallStats) =>
      windows({ 5: five, 10: ten, [WEEK]: calls(10_000 + ten.okCount + ten.errorCount, ten.errorCount) });
    const finding = (five: CallStats, ten: CallStats, shortWindowMinutes = 5) =>
      errorIncreaseFinding('checkout', over(five, ten), { ...settings, shortWindowMinutes });

    it('finds a rise the last 5 minutes show before the last 10 do, naming the 5 minutes', () => {
      // Three minutes of 10 % after seven clean ones: 3 % over 10 minutes, 6 % over 5.
      const found = finding(calls(500, 30), calls(1000, 30));
      expect(found).toMatchObject({
        severity: 'high',
        evidence: { windowMinutes: 5, calls: 500, errors: 30 },
      });
      expect(finding(calls(500, 30), calls(1000, 30), 0)).toBeNull();
    });

    it('needs the minimum calls and twice the minimum errors in the short window', () => {
      // 10 errors among 400 calls over 10 minutes: 2.5 %, leaning the same way by half the rise.
      expect(finding(calls(19, 10), calls(400, 10))).toBeNull();
      expect(finding(calls(20, 10), calls(400, 10))).toMatchObject({ severity: 'critical' });
      // A flapping partner's bursts: 9 errors among 100 calls is 9 %, but not yet 10 errors.
      expect(finding(calls(100, 9), calls(400, 9))).toBeNull();
      expect(finding(calls(100, 10), calls(400, 10))).toMatchObject({ severity: 'high' });
    });

    it('needs the 10-minute ratio half the rise up too, so a burst in a quiet 5 minutes pages no one', () => {
      expect(finding(calls(500, 30), calls(1200, 30))).toMatchObject({ evidence: { windowMinutes: 5 } });
      expect(finding(calls(500, 30), calls(1250, 30))).toBeNull();
    });

    it('keeps the 10-minute finding unless the short one is worse', () => {
      expect(finding(calls(500, 50), calls(1000, 70))?.evidence.windowMinutes).toBe(10);
      expect(finding(calls(500, 20), calls(1000, 70))?.evidence.windowMinutes).toBe(10);
      expect(finding(calls(500, 130), calls(1000, 140))).toMatchObject({
        severity: 'critical',
        evidence: { windowMinutes: 5 },
      });
    });
  });

  it('holds the numbers that tripped it', () => {
    expect(errorIncreaseFinding('order_update', recentOver(calls(100, 7), 10_000, 200), settings)).toEqual({
      area: 'action:order_update',
      rule: 'error_increase',
      severity: 'high',
      evidence: {
        windowMinutes: 10,
        calls: 100,
        errors: 7,
        errorRatio: 0.07,
        baselineMinutes: WEEK,
        baselineCalls: 10_000,
        baselineErrorRatio: 0.02,
        topErrorTypes: [{ type: 'NO_CAPACITY', count: 7 }],
      },
    });
  });
});
