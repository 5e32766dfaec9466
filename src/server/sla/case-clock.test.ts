import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseStatus } from '../../shared/cases.js';
import { DEFAULT_BUSINESS_CALENDAR } from './calendar.js';
import { type CaseHistory, computeSla, type SlaTargets } from './case-clock.js';

const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;
const berlin = DEFAULT_BUSINESS_CALENDAR;
const businessHours: SlaTargets = { firstResponseMinutes: 60, resolutionMinutes: 480, warnBeforeMinutes: 15 };
const urgent: SlaTargets = { firstResponseMinutes: 30, resolutionMinutes: 240, warnBeforeMinutes: 10 };

function history(createdAt: string, ...changes: [string, CaseStatus][]): CaseHistory {
  return {
    createdAt: at(createdAt),
    statuses: [
      { at: at(createdAt), status: 'open' },
      ...changes.map(([when, status]) => ({ at: at(when), status })),
    ],
    firstPublicStaffReplyAt: null,
  };
}

describe('computeSla: first response', () => {
  it('is due after the target in business time: the issue example across Good Friday, Easter and DST', () => {
    const state = computeSla(
      history('2027-03-25T16:30:00+01:00'),
      businessHours,
      berlin,
      at('2027-03-25T16:31:00+01:00'),
    );
    expect(iso(state.firstResponseDueAt)).toBe('2027-03-30T07:30:00.000Z'); // Tue 09:30 CEST
    expect(iso(state.firstResponseWarnAt)).toBe('2027-03-30T07:15:00.000Z'); // 15 business minutes earlier
    expect(state.firstResponseBreached).toBe(false);
  });

  it('warns inside open hours: 10 minutes left on Friday, the warning lands on Monday morning', () => {
    const state = computeSla(
      history('2026-06-12T16:50:00+02:00'),
      businessHours,
      berlin,
      at('2026-06-12T17:00:00+02:00'),
    );
    expect(iso(state.firstResponseDueAt)).toBe('2026-06-15T07:50:00.000Z');
    expect(iso(state.firstResponseWarnAt)).toBe('2026-06-15T07:35:00.000Z');
  });

  it('is met by a reply before the due time and breached by one after, or by none once it passed', () => {
    const filed = history('2026-06-15T10:00:00+02:00');
    const onTime = computeSla(
      { ...filed, firstPublicStaffReplyAt: at('2026-06-15T10:59:00+02:00') },
      businessHours,
      berlin,
      at('2026-06-16T12:00:00+02:00'),
    );
    expect(onTime.firstResponseBreached).toBe(false);
    expect(iso(onTime.firstResponseAt)).toBe('2026-06-15T08:59:00.000Z');
    const late = computeSla(
      { ...filed, firstPublicStaffReplyAt: at('2026-06-15T11:01:00+02:00') },
      businessHours,
      berlin,
      at('2026-06-15T11:02:00+02:00'),
    );
    expect(late.firstResponseBreached).toBe(true);
    expect(
      computeSla(filed, businessHours, berlin, at('2026-06-15T11:00:00+02:00')).firstResponseBreached,
    ).toBe(false);
    expect(
      computeSla(filed, businessHours, berlin, at('2026-06-15T11:00:01+02:00')).firstResponseBreached,
    ).toBe(true);
  });

  it('runs around the clock without a calendar', () => {
    const state = computeSla(history('2026-06-13T03:00:00Z'), urgent, null, at('2026-06-13T03:00:00Z'));
    expect(iso(state.firstResponseDueAt)).toBe('2026-06-13T03:30:00.000Z');
    expect(iso(state.resolutionDueAt)).toBe('2026-06-13T07:00:00.000Z');
    expect(iso(state.nextDueAt)).toBe('2026-06-13T03:30:00.000Z');
  });
});

describe('computeSla: resolution', () => {
  it('stands still while waiting on the partner, and a pause across midnight and a weekend counts only open time', () => {
    // Filed Mon 10:00, waiting from Fri 16:00 to the next Mon 10:00. Used before the pause: Mon 10–17 (7 h),
    // Tue–Thu (24 h), Fri 9–16 (7 h) = 38 h of a 40 h target, so 2 h are left when it resumes.
    const targets = { ...businessHours, resolutionMinutes: 40 * 60 };
    const filed = history(
      '2026-06-15T10:00:00+02:00',
      ['2026-06-19T16:00:00+02:00', 'waiting_on_partner'],
      ['2026-06-22T10:00:00+02:00', 'open'],
    );
    const waiting = computeSla(
      { ...filed, statuses: filed.statuses.slice(0, 2) },
      targets,
      berlin,
      at('2026-06-20T12:00:00+02:00'),
    );
    expect(waiting.paused).toBe(true);
    expect(waiting.resolutionDueAt).toBeNull();
    expect(waiting.resolutionUsedMinutes).toBe(38 * 60);
    expect(waiting.nextDueAt?.toISOString()).toBe('2026-06-15T09:00:00.000Z'); // first response still pending
    const resumed = computeSla(filed, targets, berlin, at('2026-06-22T10:00:00+02:00'));
    expect(resumed.paused).toBe(false);
    // 2 h left from Mon 10:00
    expect(iso(resumed.resolutionDueAt)).toBe('2026-06-22T10:00:00.000Z');
  });

  it('keeps a pause already taken when the policy changes (recomputed from the history)', () => {
    const filed = history(
      '2026-06-15T10:00:00Z',
      ['2026-06-15T10:30:00Z', 'in_progress'],
      ['2026-06-15T11:00:00Z', 'waiting_on_partner'],
      ['2026-06-15T13:00:00Z', 'in_progress'],
    );
    const state = computeSla(filed, urgent, null, at('2026-06-15T13:00:00Z'));
    // 60 minutes used before the 2-hour pause; 180 left from 13:00
    expect(iso(state.resolutionDueAt)).toBe('2026-06-15T16:00:00.000Z');
    expect(iso(state.resolutionWarnAt)).toBe('2026-06-15T15:50:00.000Z');
    expect(state.resolutionUsedMinutes).toBe(60);
  });

  it('continues with the time already used when a resolved case is reopened', () => {
    const resolved = history(
      '2026-06-15T10:00:00Z',
      ['2026-06-15T10:30:00Z', 'in_progress'],
      ['2026-06-15T11:00:00Z', 'resolved'],
    );
    const done = computeSla(resolved, urgent, null, at('2026-06-16T10:00:00Z'));
    expect(iso(done.resolvedAt)).toBe('2026-06-15T11:00:00.000Z');
    expect(done.resolutionBreached).toBe(false);
    expect(done.nextDueAt).toBeNull();
    const reopened = history(
      '2026-06-15T10:00:00Z',
      ['2026-06-15T10:30:00Z', 'in_progress'],
      ['2026-06-15T11:00:00Z', 'resolved'],
      ['2026-06-16T10:00:00Z', 'open'],
    );
    const again = computeSla(reopened, urgent, null, at('2026-06-16T10:00:00Z'));
    expect(again.resolvedAt).toBeNull();
    expect(iso(again.resolutionDueAt)).toBe('2026-06-16T13:00:00.000Z'); // 60 used, 180 left
  });

  it('is breached once more business time ran than the target, and says when it was due', () => {
    const filed = history('2026-06-15T10:00:00Z', ['2026-06-15T15:00:00Z', 'waiting_on_partner']);
    const state = computeSla(filed, urgent, null, at('2026-06-15T16:00:00Z'));
    expect(state.resolutionBreached).toBe(true);
    expect(iso(state.resolutionDueAt)).toBe('2026-06-15T14:00:00.000Z');
    const stillOpen = history('2026-06-15T10:00:00Z');
    expect(computeSla(stillOpen, urgent, null, at('2026-06-15T14:00:00Z')).resolutionBreached).toBe(false);
    expect(computeSla(stillOpen, urgent, null, at('2026-06-15T14:00:01Z')).resolutionBreached).toBe(true);
  });

  it('gives no warning when the warning is as long as the shortest target', () => {
    const state = computeSla(
      history('2026-06-15T10:00:00Z'),
      { ...urgent, warnBeforeMinutes: 30 },
      null,
      at('2026-06-15T10:00:00Z'),
    );
    expect(state.firstResponseWarnAt).toBeNull();
    expect(state.resolutionWarnAt).toBeNull();
  });
});

describe('computeSla: properties', () => {
  const minute = 60_000;
  const start = at('2026-01-05T00:00:00Z').getTime();
  const statusArb = fc.constantFrom<CaseStatus>('open', 'in_progress', 'waiting_on_partner', 'resolved');
  const historyArb = fc
    .array(fc.tuple(fc.integer({ min: 1, max: 3 * 24 * 60 }), statusArb), { maxLength: 8 })
    .map((steps) => {
      let t = start;
      return steps.map(([gap, status]) => {
        t += gap * minute;
        return [new Date(t).toISOString(), status] as [string, CaseStatus];
      });
    });

  it('a due time never moves earlier as pauses are added after it is computed, and warning precedes due', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 1, max: 60 * 24 }), (changes, pauseMinutes) => {
        const base = history(new Date(start).toISOString(), ...changes);
        const now = new Date(start + 30 * 24 * 60 * minute);
        const state = computeSla(base, businessHours, berlin, now);
        if (state.resolutionWarnAt && state.resolutionDueAt)
          expect(state.resolutionWarnAt.getTime()).toBeLessThanOrEqual(state.resolutionDueAt.getTime());
        const last = base.statuses.at(-1);
        if (!last || last.status === 'waiting_on_partner' || last.status === 'resolved') return;
        const pausedAt = new Date(last.at.getTime() + minute);
        const paused = history(
          new Date(start).toISOString(),
          ...changes,
          [pausedAt.toISOString(), 'waiting_on_partner'],
          [new Date(pausedAt.getTime() + pauseMinutes * minute).toISOString(), last.status],
        );
        const later = computeSla(paused, businessHours, berlin, now);
        if (state.resolutionDueAt && later.resolutionDueAt && state.resolutionDueAt > pausedAt)
          expect(later.resolutionDueAt.getTime()).toBeGreaterThanOrEqual(state.resolutionDueAt.getTime());
      }),
      { numRuns: 60 },
    );
  });
});
