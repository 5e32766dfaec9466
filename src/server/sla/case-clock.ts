import type { CaseStatus } from '../../shared/cases.js';
import { addBusinessMinutes, businessMinutesBetween } from './business-time.js';
import type { Calendar } from './calendar.js';
import type { Span } from './spans.js';

/** The targets of the policy a case is under. */
export interface SlaTargets {
  firstResponseMinutes: number;
  resolutionMinutes: number;
  /** How long before a due time the assignee is warned; null: no warning. */
  warnBeforeMinutes: number | null;
}

/** What the event log says about a case, as far as its SLA clocks care. */
export interface CaseHistory {
  createdAt: Date;
  /** Every status the case has had, in order, the first at `createdAt`. */
  statuses: readonly { at: Date; status: CaseStatus }[];
  /** The first public reply by staff; internal notes, partner replies and automatic mail do not count. */
  firstPublicStaffReplyAt: Date | null;
}

export interface SlaState {
  firstResponseDueAt: Date;
  firstResponseWarnAt: Date | null;
  firstResponseAt: Date | null;
  firstResponseBreached: boolean;
  /** null while the clock is paused (waiting on the partner), since the due time depends on when it resumes. */
  resolutionDueAt: Date | null;
  resolutionWarnAt: Date | null;
  resolvedAt: Date | null;
  resolutionBreached: boolean;
  /** Waiting on the partner: the resolution clock stands still. */
  paused: boolean;
  /** Business minutes the resolution clock has run so far. */
  resolutionUsedMinutes: number;
  /** The earliest due time of a target still running; what a queue sorts by. */
  nextDueAt: Date | null;
}

/** Statuses in which the resolution clock runs; `waiting_on_partner` pauses it, `resolved` and `closed` stop it. */
const RESOLUTION_RUNS: ReadonlySet<CaseStatus> = new Set(['triage', 'open', 'in_progress']);
const FINISHED: ReadonlySet<CaseStatus> = new Set(['resolved', 'closed']);

/**
 * A case's SLA clocks at `now`, computed afresh from its history under one policy and calendar. Because nothing
 * is carried over from an earlier computation, switching the policy (triage, a priority change) or editing the
 * calendar keeps the pauses already taken and the time already used, and a reopened case continues its clock.
 */
export function computeSla(
  history: CaseHistory,
  targets: SlaTargets,
  calendar: Calendar,
  now: Date,
): SlaState {
  const firstResponseDueAt = addBusinessMinutes(calendar, history.createdAt, targets.firstResponseMinutes);
  const firstResponseAt = history.firstPublicStaffReplyAt;
  const { spans, runningSince } = resolutionSpans(history.statuses);
  const current = history.statuses.at(-1)?.status ?? 'open';
  const paused = current === 'waiting_on_partner';
  const resolvedAt = FINISHED.has(current) ? (lastEntryInto(history.statuses, 'resolved') ?? null) : null;
  // A case resolved without a public reply stops waiting for one then.
  const firstResponseBreached = (firstResponseAt ?? resolvedAt ?? now) > firstResponseDueAt;

  const resolutionDueAt = instantReaching(calendar, spans, runningSince, targets.resolutionMinutes);
  const usedUntil = runningSince ? [...spans, { start: runningSince, end: now }] : spans;
  const resolutionUsedMinutes = usedUntil.reduce(
    (sum, span) => sum + businessMinutesBetween(calendar, span.start, span.end),
    0,
  );
  const resolutionBreached = resolutionUsedMinutes > targets.resolutionMinutes;

  const warn = warningOffset(targets);
  const firstResponseWarnAt =
    warn === null
      ? null
      : addBusinessMinutes(calendar, history.createdAt, targets.firstResponseMinutes - warn);
  const resolutionWarnAt =
    warn === null ? null : instantReaching(calendar, spans, runningSince, targets.resolutionMinutes - warn);

  const pending = [
    firstResponseAt || resolvedAt ? null : firstResponseDueAt,
    runningSince ? resolutionDueAt : null,
  ];
  const nextDueAt = pending
    .filter((due): due is Date => due !== null)
    .reduce<Date | null>((soonest, due) => (soonest && soonest <= due ? soonest : due), null);

  return {
    firstResponseDueAt,
    firstResponseWarnAt,
    firstResponseAt,
    firstResponseBreached,
    resolutionDueAt: runningSince || resolutionBreached || resolvedAt ? resolutionDueAt : null,
    resolutionWarnAt: runningSince ? resolutionWarnAt : null,
    resolvedAt,
    resolutionBreached,
    paused,
    resolutionUsedMinutes,
    nextDueAt,
  };
}

/** A warning needs room before the due time; a warning as long as the target itself would fire at once. */
function warningOffset(targets: SlaTargets): number | null {
  const warn = targets.warnBeforeMinutes;
  if (!warn || warn <= 0) return null;
  if (warn >= Math.min(targets.firstResponseMinutes, targets.resolutionMinutes)) return null;
  return warn;
}

/** The finished stretches during which the resolution clock ran, and the start of the running one, if any. */
function resolutionSpans(statuses: CaseHistory['statuses']): { spans: Span[]; runningSince: Date | null } {
  const spans: Span[] = [];
  let runningSince: Date | null = null;
  for (const { at, status } of statuses) {
    const runs = RESOLUTION_RUNS.has(status);
    if (runs && !runningSince) runningSince = at;
    if (!runs && runningSince) {
      spans.push({ start: runningSince, end: at });
      runningSince = null;
    }
  }
  return { spans, runningSince };
}

function lastEntryInto(statuses: CaseHistory['statuses'], status: CaseStatus): Date | undefined {
  return statuses.findLast((entry) => entry.status === status)?.at;
}

/**
 * When the clock, running over the finished spans and then from `runningSince` on, reaches `minutes` of business
 * time. When it is not running and has not reached them, there is no such instant yet: null.
 */
function instantReaching(
  calendar: Calendar,
  spans: readonly Span[],
  runningSince: Date | null,
  minutes: number,
): Date | null {
  let used = 0;
  for (const span of spans) {
    const length = businessMinutesBetween(calendar, span.start, span.end);
    if (used + length >= minutes) return addBusinessMinutes(calendar, span.start, minutes - used);
    used += length;
  }
  return runningSince ? addBusinessMinutes(calendar, runningSince, minutes - used) : null;
}
