import { describe, expect, it } from 'vitest';
import { fromScreen, overridesFrom, RULE_FIELDS, toScreen, valueAt, withValue } from './fields.js';

const base = {
  burnRate: { objectives: { checkout: 0.99, submit_order: 0.99, order_update: 0.99 }, minRequests: 20 },
  errorIncrease: {
    windowMinutes: 10,
    shortWindowMinutes: 5,
    minPoints: 0.05,
    minFactor: 3,
    criticalRatio: 0.25,
    minRequests: 20,
  },
  hardDown: { maxConsecutiveFailures: 5, downMinutes: 60, autoDisableIntegration: false },
  latency: { maxMeanMs: 5000, maxP99Ms: 8000, minSlowCalls: 10, windowMinutes: 15 },
  feeds: { staleHours: 24, errorBusinessDays: 3 },
  merchants: { minServingShare: 0.5, maxDrop: 0.5 },
  escalation: {
    autoResolveMinutes: 15,
    criticalRepeatMinutes: 15,
    operationsAfterMinutes: 60,
    highRepeatMinutes: 60,
  },
};
const percent = RULE_FIELDS.find((f) => f.path === 'burnRate.objectives.checkout');

describe('health rules form', () => {
  it('shows fractions as percentages and back, without float noise', () => {
    if (!percent) throw new Error('no field');
    expect(toScreen(percent, 0.99)).toBe(99);
    expect(toScreen(percent, 0.995)).toBe(99.5);
    expect(fromScreen(percent, 99.9)).toBe(0.999);
    expect(fromScreen(percent, 99)).toBe(0.99);
  });

  it('stores only what differs from the inherited value, and keeps overrides the page does not show', () => {
    const stored = { burnRate: { alerts: { pageFast: { factor: 10 } } }, feeds: { staleHours: 48 } };
    const overrides = overridesFrom(stored, base, {
      'burnRate.objectives.checkout': 99.5,
      'feeds.staleHours': 24, // back to the base: the override goes
      'hardDown.autoDisableIntegration': true,
    });
    expect(overrides).toEqual({
      burnRate: { alerts: { pageFast: { factor: 10 } }, objectives: { checkout: 0.995 } },
      hardDown: { autoDisableIntegration: true },
    });
    expect(overridesFrom({}, base, {})).toEqual({});
  });

  it('reads and writes paths', () => {
    expect(valueAt(base, 'latency.maxP99Ms')).toBe(8000);
    expect(withValue({ a: { b: 1 } }, 'a.c.d', 2)).toEqual({ a: { b: 1, c: { d: 2 } } });
  });
});
