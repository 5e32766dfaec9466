import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceStreak, NO_STREAK, type Streak } from './streak.js';

const ok = (at: number) => ({ outcome: 'ok' as const, at });
const err = (at: number) => ({ outcome: 'error' as const, at });

describe('advanceStreak', () => {
  it('counts the failures after the last success, in time order whatever the batch order', () => {
    expect(advanceStreak(NO_STREAK, [err(5), ok(3), err(1), err(4)])).toEqual({
      lastOkAt: 3,
      failures: 2,
      failingSince: 4,
      lastFailureAt: 5,
    });
  });

  it('takes a success before a failure at the same instant', () => {
    expect(advanceStreak(NO_STREAK, [err(7), ok(7)])).toEqual({
      lastOkAt: 7,
      failures: 1,
      failingSince: 7,
      lastFailureAt: 7,
    });
  });

  it('orders calls of one instant success first, whichever order they came in', () => {
    const expected = { lastOkAt: 7, failures: 2, failingSince: 7, lastFailureAt: 7 };
    expect(advanceStreak(NO_STREAK, [ok(7), err(7), err(7)])).toEqual(expected);
    expect(advanceStreak(NO_STREAK, [err(7), ok(7), err(7)])).toEqual(expected);
    expect(advanceStreak(NO_STREAK, [err(7), err(7), ok(7)])).toEqual(expected);
  });

  it("a late success at the streak's first failure restarts it at the last; at its last failure, ends it", () => {
    const state: Streak = { lastOkAt: 2, failures: 3, failingSince: 10, lastFailureAt: 20 };
    expect(advanceStreak(state, [ok(10)])).toEqual({
      lastOkAt: 10,
      failures: 1,
      failingSince: 20,
      lastFailureAt: 20,
    });
    expect(advanceStreak(state, [ok(20)])).toEqual({
      lastOkAt: 20,
      failures: 0,
      failingSince: null,
      lastFailureAt: null,
    });
  });

  it('ignores calls older than the last known success', () => {
    const state: Streak = { lastOkAt: 10, failures: 2, failingSince: 11, lastFailureAt: 12 };
    expect(advanceStreak(state, [err(9), ok(8)])).toEqual(state);
  });

  it('keeps the streak when a late success predates it', () => {
    const state: Streak = { lastOkAt: 2, failures: 3, failingSince: 10, lastFailureAt: 12 };
    expect(advanceStreak(state, [ok(5)])).toEqual({ ...state, lastOkAt: 5 });
  });

  it('restarts at the last failure when a late success lands inside the stored streak', () => {
    const state: Streak = { lastOkAt: 2, failures: 8, failingSince: 10, lastFailureAt: 20 };
    expect(advanceStreak(state, [ok(15)])).toEqual({
      lastOkAt: 15,
      failures: 1,
      failingSince: 20,
      lastFailureAt: 20,
    });
  });

  it('is exact for calls arriving in time order, however they are split into batches and shuffled within one', () => {
    const outcomes = fc.array(fc.boolean(), { maxLength: 60 });
    fc.assert(
      fc.property(outcomes, fc.array(fc.nat(), { maxLength: 6 }), fc.nat(), (oks, cuts, seed) => {
        const calls = oks.map((isOk, i) => (isOk ? ok(i * 1000) : err(i * 1000)));
        const lastOk = oks.lastIndexOf(true);
        const trailing = calls.slice(lastOk + 1);
        const expected: Streak = {
          lastOkAt: lastOk < 0 ? null : lastOk * 1000,
          failures: trailing.length,
          failingSince: trailing[0]?.at ?? null,
          lastFailureAt: trailing.at(-1)?.at ?? null,
        };
        const bounds = [...new Set([0, ...cuts.map((c) => c % (calls.length + 1)), calls.length])].sort(
          (a, b) => a - b,
        );
        let state = NO_STREAK;
        for (let i = 1; i < bounds.length; i++) {
          const batch = calls.slice(bounds[i - 1], bounds[i]);
          const shuffled = batch.map((c, j) => ({ c, k: (j * 7919 + seed) % 101 })).sort((a, b) => a.k - b.k);
          state = advanceStreak(
            state,
            shuffled.map(({ c }) => c),
          );
        }
        expect(state).toEqual(expected);
      }),
    );
  });
});
