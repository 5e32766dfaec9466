import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SETTINGS, mergeRuleSettings, type RuleOverrides } from './settings.js';

describe('mergeRuleSettings', () => {
  it('is the defaults without overrides', () => {
    expect(mergeRuleSettings(DEFAULT_RULE_SETTINGS, {})).toEqual(DEFAULT_RULE_SETTINGS);
  });

  it('lets each override win field by field, at any depth, and leaves the rest', () => {
    const merged = mergeRuleSettings(DEFAULT_RULE_SETTINGS, {
      burnRate: { objectives: { submit_order: 0.995 }, alerts: { pageFast: { factor: 10 } } },
      latency: { maxP99Ms: 6000 },
    });
    expect(merged.burnRate.objectives).toEqual({ checkout: 0.99, submit_order: 0.995, order_update: 0.99 });
    expect(merged.burnRate.alerts.pageFast).toEqual({
      severity: 'critical',
      factor: 10,
      longMinutes: 60,
      shortMinutes: 5,
    });
    expect(merged.burnRate.alerts.pageSlow).toEqual(DEFAULT_RULE_SETTINGS.burnRate.alerts.pageSlow);
    expect(merged.latency).toEqual({
      windowMinutes: 15,
      maxMeanMs: 5000,
      maxP99Ms: 6000,
      minRequests: 20,
      minSlowCalls: 10,
    });
    expect(merged.errorIncrease).toEqual(DEFAULT_RULE_SETTINGS.errorIncrease);
    expect(DEFAULT_RULE_SETTINGS.latency.maxP99Ms).toBe(8000);
  });

  it('ignores fields the defaults do not have and values of another type', () => {
    const stale = {
      latency: { maxP99Ms: '6000', p95Ms: 3000 },
      feeds: null,
      hardDown: { maxConsecutiveFailures: null },
      retired: { x: 1 },
    } as unknown as RuleOverrides;
    expect(mergeRuleSettings(DEFAULT_RULE_SETTINGS, stale)).toEqual(DEFAULT_RULE_SETTINGS);
  });

  it('shares nothing with the defaults it was made from', () => {
    const merged = mergeRuleSettings(DEFAULT_RULE_SETTINGS, {});
    merged.burnRate.alerts.pageFast.factor = 1;
    expect(DEFAULT_RULE_SETTINGS.burnRate.alerts.pageFast.factor).toBe(14.4);
  });
});
