import { describe, expect, it } from 'vitest';
import type { CaseStatus } from '../../shared/cases.js';
import { type CaseHistory, computeSla, type SlaTargets } from './case-clock.js';

// Around the clock (no calendar), so every expected instant is plain arithmetic on the history.
const at = (hhmm: string) => new Date(`2026-06-15T${hhmm}:00.000Z`);
const iso = (date: Date | null) => date?.toISOString() ?? null;
const targets = (first: number, resolution: number, warn: number | null = null): SlaTargets => ({
  firstResponseMinutes: first,
  resolutionMinutes: resolution,
  warnBeforeMinutes: warn,
});

/** Filed at 10:00 (open), then the given status changes. */
function filed(...changes: [string, CaseStatus][]): CaseHistory {
  return {
    createdAt: at('10:00'),
    statuses: [
      { at: at('10:00'), status: 'open' },
      ...changes.map(([hhmm, status]) => ({ at: at(hhmm), status })),
    ],
    firstPublicStaffReplyAt: null,
  };
}

describe('computeSla: a resolved or closed case', () => {
  it('stops waiting for a first response once resolved: resolved before the due time is never breached', () => {
    const state = computeSla(filed(['10:20', 'resolved']), targets(30, 240), null, at('23:00'));
    expect(iso(state.resolvedAt)).toBe('2026-06-15T10:20:00.000Z');
    expect(state.firstResponseBreached).toBe(false);
    expect(state.firstResponseAt).toBeNull();
    expect(state.nextDueAt).toBeNull();
  });

  it('is breached when resolved without a reply after the first-response due time', () => {
    const state = computeSla(filed(['10:31', 'resolved']), targets(30, 240), null, at('10:32'));
    expect(state.firstResponseBreached).toBe(true);
  });

  it('says when resolution was due once a resolved case used up its target, exactly or more', () => {
    const early = computeSla(filed(['11:00', 'resolved']), targets(30, 240, 10), null, at('23:00'));
    expect(early.resolutionDueAt).toBeNull();
    expect(early.resolutionWarnAt).toBeNull();
    expect(early.resolutionUsedMinutes).toBe(60);
    expect(early.paused).toBe(false);
    const exact = computeSla(filed(['14:00', 'resolved']), targets(30, 240), null, at('23:00'));
    expect(iso(exact.resolutionDueAt)).toBe('2026-06-15T14:00:00.000Z');
    expect(exact.resolutionBreached).toBe(false);
    const late = computeSla(filed(['14:30', 'resolved']), targets(30, 240), null, at('23:00'));
    expect(iso(late.resolutionDueAt)).toBe('2026-06-15T14:00:00.000Z');
    expect(late.resolutionBreached).toBe(true);
  });

  it('takes the last time it was resolved, once closed', () => {
    const state = computeSla(
      filed(['10:30', 'resolved'], ['11:00', 'open'], ['11:30', 'resolved'], ['12:00', 'closed']),
      targets(30, 240),
      null,
      at('23:00'),
    );
    expect(iso(state.resolvedAt)).toBe('2026-06-15T11:30:00.000Z');
    expect(state.resolutionUsedMinutes).toBe(60);
    expect(state.nextDueAt).toBeNull();
  });

  it('has no resolved time when closed without being resolved', () => {
    const state = computeSla(filed(['10:30', 'closed']), targets(30, 240), null, at('23:00'));
    expect(state.resolvedAt).toBeNull();
    expect(state.resolutionUsedMinutes).toBe(30);
  });

  it('has no resolved time while the case runs again', () => {
    const state = computeSla(
      filed(['10:30', 'resolved'], ['11:00', 'in_progress']),
      targets(30, 240),
      null,
      at('11:00'),
    );
    expect(state.resolvedAt).toBeNull();
  });
});

describe('computeSla: the resolution clock', () => {
  it('has no due time while paused with the target used up exactly, as it is not breached', () => {
    const state = computeSla(filed(['14:00', 'waiting_on_partner']), targets(30, 240), null, at('18:00'));
    expect(state.resolutionDueAt).toBeNull();
    expect(state.resolutionUsedMinutes).toBe(240);
    expect(state.resolutionBreached).toBe(false);
  });

  it('adds up the stretches it ran in, the pauses left out', () => {
    const state = computeSla(
      filed(
        ['10:30', 'waiting_on_partner'],
        ['11:00', 'in_progress'],
        ['11:45', 'waiting_on_partner'],
        ['12:00', 'open'],
      ),
      targets(30, 240),
      null,
      at('12:10'),
    );
    // 30 + 45 + 10 minutes; 240 − 75 = 165 left from 12:00
    expect(state.resolutionUsedMinutes).toBe(85);
    expect(iso(state.resolutionDueAt)).toBe('2026-06-15T14:45:00.000Z');
  });

  it('shows no warning while paused, and no due time until it runs again', () => {
    const state = computeSla(filed(['10:30', 'waiting_on_partner']), targets(30, 240, 10), null, at('11:00'));
    expect(state.paused).toBe(true);
    expect(state.resolutionDueAt).toBeNull();
    expect(state.resolutionWarnAt).toBeNull();
    expect(iso(state.firstResponseWarnAt)).toBe('2026-06-15T10:20:00.000Z');
  });

  it('is not paused when a case only moves between running statuses', () => {
    const state = computeSla(
      filed(['10:10', 'in_progress'], ['10:20', 'triage']),
      targets(30, 240),
      null,
      at('10:40'),
    );
    expect(state.paused).toBe(false);
    expect(state.resolutionUsedMinutes).toBe(40);
    expect(iso(state.resolutionDueAt)).toBe('2026-06-15T14:00:00.000Z');
  });
});

describe('computeSla: histories', () => {
  it('counts the rest of the target inside a later stretch once earlier ones used part of it', () => {
    // 30 minutes until 10:30, then from 11:00 the other 90: due at 12:30.
    const state = computeSla(
      filed(['10:30', 'waiting_on_partner'], ['11:00', 'in_progress'], ['14:00', 'resolved']),
      targets(30, 120),
      null,
      at('23:00'),
    );
    expect(iso(state.resolutionDueAt)).toBe('2026-06-15T12:30:00.000Z');
    expect(state.resolutionBreached).toBe(true);
  });

  it('takes a history without statuses as open, with no resolution clock running', () => {
    const state = computeSla({ ...filed(), statuses: [] }, targets(30, 240), null, at('11:00'));
    expect(state.paused).toBe(false);
    expect(state.resolvedAt).toBeNull();
    expect(state.resolutionUsedMinutes).toBe(0);
    expect(state.resolutionDueAt).toBeNull();
    expect(iso(state.nextDueAt)).toBe('2026-06-15T10:30:00.000Z');
  });
});

describe('computeSla: warnings', () => {
  it('warns when the warning is one minute shorter than the shorter target', () => {
    const state = computeSla(filed(), targets(30, 240, 29), null, at('10:00'));
    expect(iso(state.firstResponseWarnAt)).toBe('2026-06-15T10:01:00.000Z');
    expect(iso(state.resolutionWarnAt)).toBe('2026-06-15T13:31:00.000Z');
  });

  it('measures the warning against the resolution target when that one is shorter', () => {
    const none = computeSla(filed(), targets(60, 30, 45), null, at('10:00'));
    expect(none.firstResponseWarnAt).toBeNull();
    expect(none.resolutionWarnAt).toBeNull();
    const some = computeSla(filed(), targets(60, 30, 20), null, at('10:00'));
    expect(iso(some.firstResponseWarnAt)).toBe('2026-06-15T10:40:00.000Z');
    expect(iso(some.resolutionWarnAt)).toBe('2026-06-15T10:10:00.000Z');
  });

  it('gives no warning for a warning of zero or less', () => {
    for (const warn of [0, -5]) {
      const state = computeSla(filed(), targets(30, 240, warn), null, at('10:00'));
      expect([state.firstResponseWarnAt, state.resolutionWarnAt], String(warn)).toEqual([null, null]);
    }
  });
});

describe('computeSla: the next due time', () => {
  it('is the resolution due time when it comes before the first response', () => {
    const state = computeSla(filed(), targets(120, 60), null, at('10:00'));
    expect(iso(state.firstResponseDueAt)).toBe('2026-06-15T12:00:00.000Z');
    expect(iso(state.nextDueAt)).toBe('2026-06-15T11:00:00.000Z');
  });

  it('is the resolution due time once a staff reply met the first response', () => {
    const state = computeSla(
      { ...filed(), firstPublicStaffReplyAt: at('10:05') },
      targets(30, 240),
      null,
      at('10:10'),
    );
    expect(iso(state.firstResponseAt)).toBe('2026-06-15T10:05:00.000Z');
    expect(iso(state.nextDueAt)).toBe('2026-06-15T14:00:00.000Z');
  });

  it('is none once replied to and paused', () => {
    const state = computeSla(
      { ...filed(['10:30', 'waiting_on_partner']), firstPublicStaffReplyAt: at('10:05') },
      targets(30, 240),
      null,
      at('11:00'),
    );
    expect(state.nextDueAt).toBeNull();
  });
});
