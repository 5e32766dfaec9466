import { describe, expect, it } from 'vitest';
import { hardDownFinding } from './hard-down.js';
import { DEFAULT_RULE_SETTINGS } from './settings.js';
import { NO_STREAK } from './streak.js';

const MINUTE = 60_000;
const T = Date.parse('2027-03-01T10:00:00Z');
const settings = DEFAULT_RULE_SETTINGS.hardDown;
const streak = (failures: number, minutes: number) => ({
  lastOkAt: T - MINUTE,
  failures,
  failingSince: T,
  lastFailureAt: T + minutes * MINUTE,
});
const severityOf = (failures: number, minutes: number) =>
  hardDownFinding('submit_order', streak(failures, minutes), { errorTypes: {} }, settings)?.severity ?? null;

describe('hardDownFinding', () => {
  it.each([
    ['5 failures in a row', 5, 1, null],
    ['6 failures in a row', 6, 1, 'critical'],
    ['2 failures 59 min apart', 2, 59, null],
    ['2 failures 60 min apart', 2, 60, 'critical'],
  ])('%s → %s', (_, failures, minutes, expected) => {
    expect(severityOf(failures, minutes)).toBe(expected);
  });

  it('finds nothing without a streak, or with one that lacks its times or its failures', () => {
    expect(hardDownFinding('checkout', NO_STREAK, { errorTypes: {} }, settings)).toBeNull();
    const long = streak(7, 90);
    for (const partial of [
      { ...long, failures: 0 },
      { ...long, failingSince: null },
      { ...long, lastFailureAt: null },
    ])
      expect(hardDownFinding('checkout', partial, { errorTypes: {} }, settings)).toBeNull();
  });

  it('shows no last success for an action that never had one', () => {
    const never = { ...streak(7, 3), lastOkAt: null };
    expect(hardDownFinding('checkout', never, { errorTypes: {} }, settings)?.evidence.lastOkAt).toBeNull();
  });

  it('holds the streak and the recent error types', () => {
    expect(hardDownFinding('checkout', streak(7, 3), { errorTypes: { HTTP_503: 7 } }, settings)).toEqual({
      area: 'action:checkout',
      rule: 'hard_down',
      severity: 'critical',
      evidence: {
        consecutiveFailures: 7,
        failingSince: '2027-03-01T10:00:00.000Z',
        lastFailureAt: '2027-03-01T10:03:00.000Z',
        lastOkAt: '2027-03-01T09:59:00.000Z',
        failingMinutes: 3,
        topErrorTypes: [{ type: 'HTTP_503', count: 7 }],
      },
    });
  });
});
