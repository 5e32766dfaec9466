import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEALTH_SEVERITIES } from '../../shared/health.js';
import { nextDueAfter, notificationPlan, repeatIndex, stepsDueAt } from './notification-plan.js';
import { DEFAULT_RULE_SETTINGS } from './rules/settings.js';

const settings = DEFAULT_RULE_SETTINGS.escalation;
/** Every send in the first `minutes` of a plan, as "minute role/channels", walking it as the jobs would. */
function walk(severity: (typeof HEALTH_SEVERITIES)[number], minutes: number): string[] {
  const plan = notificationPlan(severity, settings);
  const sends: string[] = [];
  for (let at: number | null = 0; at !== null && at <= minutes; at = nextDueAfter(plan, at))
    for (const step of stepsDueAt(plan, at)) sends.push(`${at} ${step.role}/${step.channels}`);
  return sends;
}

describe('notificationPlan', () => {
  it('critical: technical emergency and alert contacts on every channel every 15 min, operations after 1 h', () => {
    expect(walk('critical', 75)).toEqual([
      '0 technical_emergency/all',
      '0 alert/all',
      '15 technical_emergency/all',
      '15 alert/all',
      '30 technical_emergency/all',
      '30 alert/all',
      '45 technical_emergency/all',
      '45 alert/all',
      '60 technical_emergency/all',
      '60 alert/all',
      '60 operations/all',
      '75 technical_emergency/all',
      '75 alert/all',
    ]);
  });

  it('high: the technical emergency contact hourly', () => {
    expect(walk('high', 180)).toEqual([
      '0 technical_emergency/all',
      '60 technical_emergency/all',
      '120 technical_emergency/all',
      '180 technical_emergency/all',
    ]);
  });

  it.each(['medium', 'low'] as const)('%s: the alert contacts by email, once', (severity) => {
    expect(walk(severity, 10_000)).toEqual(['0 alert/email']);
    expect(nextDueAfter(notificationPlan(severity, settings), 0)).toBeNull();
  });

  it('follows the settings', () => {
    const plan = notificationPlan('critical', {
      ...settings,
      criticalRepeatMinutes: 5,
      operationsAfterMinutes: 30,
    });
    expect(nextDueAfter(plan, 0)).toBe(5);
    expect(stepsDueAt(plan, 30).map((s) => s.role)).toEqual(['technical_emergency', 'alert', 'operations']);
  });

  it('finds the next due minute: nothing due in between, something due then', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HEALTH_SEVERITIES), fc.nat(500), (severity, minute) => {
        const plan = notificationPlan(severity, settings);
        const next = nextDueAfter(plan, minute);
        if (next === null) return;
        expect(next).toBeGreaterThan(minute);
        expect(stepsDueAt(plan, next)).not.toEqual([]);
        for (let m = minute + 1; m < next; m++) expect(stepsDueAt(plan, m)).toEqual([]);
      }),
    );
  });

  it('repeats a step that starts later from its own start, and finds the earliest step wherever it is listed', () => {
    const later = { role: 'alert', channels: 'email', atMinutes: 10, repeatEveryMinutes: 15 } as const;
    const once = { role: 'operations', channels: 'all', atMinutes: 3, repeatEveryMinutes: null } as const;
    const dueMinutes = [...Array(60).keys()].filter((m) => stepsDueAt([later], m).length > 0);
    expect(dueMinutes).toEqual([10, 25, 40, 55]);
    expect([0, 10, 26].map((m) => nextDueAfter([later], m))).toEqual([10, 25, 40]);
    expect(nextDueAfter([later, once], 0)).toBe(3);
    expect(nextDueAfter([later, once], 3)).toBe(10);
  });
});

describe('repeatIndex', () => {
  it('counts the sendings of a step from its own start; a step that does not repeat is always the first', () => {
    const every15From30 = { role: 'alert', channels: 'all', atMinutes: 30, repeatEveryMinutes: 15 } as const;
    expect([30, 44, 45, 75].map((minute) => repeatIndex(every15From30, minute))).toEqual([0, 0, 1, 3]);
    const once = { role: 'operations', channels: 'all', atMinutes: 60, repeatEveryMinutes: null } as const;
    expect(repeatIndex(once, 60)).toBe(0);
  });
});
