import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkedCall } from '../../../../tests/support/signal-events.js';
import { advanceOrderedStreak, advanceStreak, type Streak } from '../rules/streak.js';
import type { CallEvent } from '../signals.js';
import { streakCallsOf } from './streak-calls.js';

const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';

const call = (over: Partial<CallEvent>) => checkedCall(P1, 0, over);

describe('streakCallsOf', () => {
  it('gives one entry per partner and action, its calls in time order with a success first at one instant', () => {
    const streaks = streakCallsOf([
      call({ at: 30, outcome: 'error' }),
      call({ partnerId: P2, at: 5 }),
      call({ at: 10 }),
      call({ at: 30 }),
      call({ action: 'submit_order', at: 20, outcome: 'error' }),
    ]);
    expect(streaks.map((s) => [s.partnerId, s.action, [...s.ats], [...s.failed]])).toEqual([
      [P1, 'checkout', [10, 30, 30], [0, 0, 1]],
      [P1, 'submit_order', [20], [1]],
      [P2, 'checkout', [5], [0]],
    ]);
  });

  it('names the merchants of the latest failures first, each once, at most ten, and none of the successes', () => {
    const failing = Array.from({ length: 12 }, (_, i) =>
      call({ at: 100 + i, outcome: 'error', merchantId: `m${i}` }),
    );
    const [streak] = streakCallsOf([
      ...failing,
      call({ at: 500, outcome: 'error', merchantId: 'm3' }),
      call({ at: 600, merchantId: 'serving' }),
      call({ at: 700, outcome: 'error' }),
    ]);
    expect(streak?.failingMerchants).toEqual(['m3', 'm11', 'm10', 'm9', 'm8', 'm7', 'm6', 'm5', 'm4', 'm2']);
  });

  it('advances a streak exactly as advanceStreak does on the calls as they came', () => {
    const instant = fc.integer({ min: 0, max: 40 });
    const state = fc.record<Streak>({
      lastOkAt: fc.option(instant, { nil: null }),
      failures: fc.nat(5),
      failingSince: fc.option(instant, { nil: null }),
      lastFailureAt: fc.option(instant, { nil: null }),
    });
    const calls = fc.array(
      fc.record({ at: instant, outcome: fc.constantFrom<'ok' | 'error'>('ok', 'error') }),
      { minLength: 1, maxLength: 30 },
    );
    fc.assert(
      fc.property(state, calls, (before, batch) => {
        const [streak] = streakCallsOf(batch.map((c) => call(c)));
        expect(advanceOrderedStreak(before, streak as NonNullable<typeof streak>)).toEqual(
          advanceStreak(before, batch),
        );
      }),
    );
  });
});
