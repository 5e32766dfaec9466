import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Finding, HEALTH_RULES, HEALTH_SEVERITIES, outranks } from '../../shared/health.js';
import { INTEGRATION_STATES } from '../../shared/partners.js';
import {
  type CurrentEscalation,
  decideEscalation,
  type EscalationAction,
  type EscalationInput,
} from './escalation-state.js';

const MINUTE = 60_000;
const NOW = Date.parse('2027-03-01T10:00:00Z');
const finding = (rule: Finding['rule'], severity: Finding['severity']): Finding => ({
  area: 'action:checkout',
  rule,
  severity,
  evidence: {},
});
const decide = (over: Partial<EscalationInput>) =>
  decideEscalation({
    now: NOW,
    current: null,
    findings: [],
    integration: 'active',
    clearSince: null,
    autoResolveMinutes: 15,
    ...over,
  });
const open = (
  severity: Finding['severity'],
  rules: Finding['rule'][],
  status: CurrentEscalation['status'] = 'open',
) => ({
  status,
  severity,
  rules,
});
const latency = finding('latency', 'high');
const down = finding('hard_down', 'critical');

describe('decideEscalation', () => {
  it('opens with the most severe finding and notifies', () => {
    expect(decide({ findings: [latency, down] })).toEqual({
      action: {
        kind: 'open',
        severity: 'critical',
        rules: ['latency', 'hard_down'],
        findings: [latency, down],
        notify: true,
      },
      clearSince: null,
    });
  });

  it('joins a new rule as evidence without raising or notifying', () => {
    expect(decide({ current: open('critical', ['hard_down']), findings: [down, latency] }).action).toEqual({
      kind: 'join',
      severity: 'critical',
      raised: false,
      rules: ['hard_down', 'latency'],
      findings: [latency],
      notify: false,
    });
  });

  it('raises the severity and notifies again, acknowledged or not', () => {
    expect(
      decide({ current: open('high', ['latency'], 'acknowledged'), findings: [latency, down] }).action,
    ).toEqual({
      kind: 'join',
      severity: 'critical',
      raised: true,
      rules: ['latency', 'hard_down'],
      findings: [latency, down],
      notify: true,
    });
  });

  it('does nothing while the same condition persists, and forgets any clear time', () => {
    expect(
      decide({ current: open('critical', ['hard_down']), findings: [down], clearSince: NOW - MINUTE }),
    ).toEqual({
      action: { kind: 'none' },
      clearSince: null,
    });
  });

  it.each([
    ['first clear evaluation', null, { kind: 'none' }, NOW],
    ['clear 1 ms under 15 min', NOW - 15 * MINUTE + 1, { kind: 'none' }, NOW - 15 * MINUTE + 1],
    ['clear 15 min', NOW - 15 * MINUTE, { kind: 'resolve', notify: true }, null],
  ])('auto-resolves only once clear for 15 min: %s', (_, clearSince, action, next) => {
    expect(decide({ current: open('high', ['latency']), clearSince })).toEqual({ action, clearSince: next });
  });

  it('records a new condition as suppressed while paused, sending nothing', () => {
    expect(decide({ integration: 'paused', findings: [down] }).action).toEqual({
      kind: 'suppress',
      severity: 'critical',
      rules: ['hard_down'],
      findings: [down],
      notify: false,
    });
  });

  it('joins evidence to an open escalation while paused, without notifying even when raised', () => {
    expect(
      decide({ integration: 'paused', current: open('high', ['latency']), findings: [down] }).action,
    ).toMatchObject({
      kind: 'join',
      severity: 'critical',
      raised: true,
      notify: false,
    });
  });

  it("never resolves from a paused integration's silence, and counts clear time afresh after it", () => {
    const current = open('critical', ['hard_down']);
    expect(decide({ integration: 'paused', current, clearSince: NOW - 60 * MINUTE })).toEqual({
      action: { kind: 'none' },
      clearSince: null,
    });
    expect(decide({ current, clearSince: null })).toEqual({ action: { kind: 'none' }, clearSince: NOW });
  });

  it('opens a suppressed condition still present once the integration is active again', () => {
    expect(
      decide({ current: open('critical', ['hard_down'], 'suppressed'), findings: [down] }).action,
    ).toMatchObject({
      kind: 'open',
      notify: true,
    });
  });

  it('resolves a suppressed condition that cleared without telling anyone', () => {
    const current = open('critical', ['hard_down'], 'suppressed');
    expect(decide({ current, clearSince: NOW - 15 * MINUTE }).action).toEqual({
      kind: 'resolve',
      notify: false,
    });
  });

  it('does nothing at all for a disabled integration', () => {
    expect(decide({ integration: 'disabled', findings: [down] })).toEqual({
      action: { kind: 'none' },
      clearSince: null,
    });
  });

  const anyFinding = fc
    .record({ rule: fc.constantFrom(...HEALTH_RULES), severity: fc.constantFrom(...HEALTH_SEVERITIES) })
    .map(({ rule, severity }) => finding(rule, severity));
  const anyCurrent = fc.option(
    fc.record({
      status: fc.constantFrom('open' as const, 'acknowledged' as const, 'suppressed' as const),
      severity: fc.constantFrom(...HEALTH_SEVERITIES),
      rules: fc.uniqueArray(fc.constantFrom(...HEALTH_RULES), { maxLength: 3 }),
    }),
  );
  const anyInput = fc.record({
    current: anyCurrent,
    findings: fc.array(anyFinding, { maxLength: 4 }),
    integration: fc.constantFrom(...INTEGRATION_STATES),
    clearSince: fc.option(fc.integer({ min: NOW - 120 * MINUTE, max: NOW })),
  });
  const applied = (
    current: CurrentEscalation | null,
    action: EscalationAction,
    paused: boolean,
  ): CurrentEscalation | null => {
    if (action.kind === 'resolve') return null;
    if (action.kind === 'none') return current;
    if (action.kind === 'join')
      return { ...(current as CurrentEscalation), severity: action.severity, rules: action.rules };
    return { status: paused ? 'suppressed' : 'open', severity: action.severity, rules: action.rules };
  };

  it('acts on changes only: deciding again on what it just stored does nothing', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const first = decide(input);
        const current = applied(input.current, first.action, input.integration === 'paused');
        expect(decide({ ...input, current, clearSince: first.clearSince }).action.kind).toMatch(
          first.action.kind === 'resolve' ? /none|open|suppress/ : /none/,
        );
      }),
    );
  });

  it('never sends, opens or resolves while paused, and never lowers a severity', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const { action } = decide(input);
        if (input.integration !== 'active') expect(action.kind).toMatch(/none|suppress|join/);
        if (input.integration !== 'active') expect('notify' in action && action.notify).toBe(false);
        if (action.kind === 'join' && input.current)
          expect(outranks(input.current.severity, action.severity)).toBe(false);
      }),
    );
  });
});
