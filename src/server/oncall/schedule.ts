import { DateTime } from 'luxon';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Daily and weekly turns hand off at the same wall-clock time every day or week; custom turns last `hours` of real time. */
export type Rotation = { type: 'daily' } | { type: 'weekly' } | { type: 'custom'; hours: number };

/** When a layer may have someone on call: on these days, from `start` to `end` local time (`end` ≤ `start` runs past midnight). */
export interface Restriction {
  days: readonly Weekday[];
  start: string;
  end: string;
}

export interface Layer {
  name: string;
  /** When the rotation begins: users[0] is on call from here to the first handoff. */
  start: Date;
  rotation: Rotation;
  /** "HH:MM" local: the time of day turns change (daily and weekly). */
  handoffTime: string;
  users: readonly string[];
  restrictions?: readonly Restriction[];
}

export interface Override {
  userId: string;
  start: Date;
  end: Date;
}

/** One version of a schedule's layers, in force from `effectiveFrom` until the next version's. */
export interface ScheduleVersion {
  effectiveFrom: Date;
  /** Later layers sit higher: where a higher layer has someone, it wins. */
  layers: readonly Layer[];
}

export interface Schedule {
  timeZone: string;
  /** Oldest first. Editing adds a version from now on, so the past renders as it was. */
  versions: readonly ScheduleVersion[];
  /** Oldest first: where two overlap, the one added later wins. */
  overrides: readonly Override[];
}

/** Who is on call over [start, end), and from which layer (its name) or an override. */
export interface Shift {
  userId: string;
  start: Date;
  end: Date;
  layer: string;
}

type Span = { start: number; end: number };
type Coverage = Span & { userId: string; layer: string; rank: number };

/** Longest stretch rendered in one call: a year of shifts is enough for any timeline or feed. */
export const MAX_RENDER_DAYS = 400;
/** Above every layer (a version has at most 20); each override ranks above those added before it. */
const OVERRIDE_RANK = 1_000_000;

function clock(value: string): { hour: number; minute: number } {
  const [hour = 0, minute = 0] = value.split(':').map(Number);
  return { hour, minute };
}

/**
 * The turns of one layer that overlap [from, to), each with its user. Turn boundaries are computed in the
 * schedule's zone with calendar arithmetic, so a daily 09:00 handoff stays at 09:00 local across a DST change
 * (that turn lasts 23 or 25 hours).
 */
function layerTurns(layer: Layer, zone: string, from: number, to: number): Coverage[] {
  if (layer.users.length === 0) return [];
  const start = DateTime.fromJSDate(layer.start, { zone });
  const turns: Coverage[] = [];
  const push = (s: number, e: number, index: number) => {
    const span = { start: Math.max(s, from, layer.start.getTime()), end: Math.min(e, to) };
    if (span.end > span.start)
      turns.push({
        ...span,
        userId: layer.users[index % layer.users.length] as string,
        layer: layer.name,
        rank: 0,
      });
  };
  if (layer.rotation.type === 'custom') {
    const length = layer.rotation.hours * 3_600_000;
    const first = Math.max(0, Math.floor((from - start.toMillis()) / length));
    for (let n = first; start.toMillis() + n * length < to; n++)
      push(start.toMillis() + n * length, start.toMillis() + (n + 1) * length, n);
    return turns;
  }
  const unitDays = layer.rotation.type === 'daily' ? 1 : 7;
  // The first handoff at or after the start; the part before it is users[0]'s.
  let handoff = start.set({ ...clock(layer.handoffTime), second: 0, millisecond: 0 });
  if (handoff < start) handoff = handoff.plus({ days: 1 });
  if (layer.rotation.type === 'weekly') {
    while (handoff.weekday !== start.weekday || handoff < start) handoff = handoff.plus({ days: 1 });
  }
  // A start between handoffs gives users[0] a short first turn; the full turns then continue with users[1].
  const partial = handoff > start ? 1 : 0;
  push(start.toMillis(), handoff.toMillis(), 0);
  // Skip whole turns before `from` without walking them (a margin of one turn absorbs DST's hour).
  const skip = Math.max(0, Math.floor((from - handoff.toMillis()) / (unitDays * 86_400_000)) - 1);
  // Each handoff is set on its own day from the wall-clock time, never carried over from the one before: a
  // 02:00 handoff moved to 03:00 on the night 02:00 does not exist is back at 02:00 the next day.
  const firstDay = handoff.startOf('day');
  const handoffAt = (k: number) =>
    firstDay.plus({ days: k * unitDays }).set({ ...clock(layer.handoffTime), second: 0, millisecond: 0 });
  for (let k = skip; handoffAt(k).toMillis() < to; k++)
    push(handoffAt(k).toMillis(), handoffAt(k + 1).toMillis(), k + partial);
  return turns;
}

/** The windows of [from, to) a layer's restrictions allow, in real time; the whole span without restrictions. */
function allowedWindows(
  restrictions: readonly Restriction[] | undefined,
  zone: string,
  from: number,
  to: number,
): Span[] {
  if (!restrictions?.length) return [{ start: from, end: to }];
  const windows: Span[] = [];
  let day = DateTime.fromMillis(from, { zone }).startOf('day').minus({ days: 1 });
  while (day.toMillis() < to) {
    const weekday = WEEKDAYS[day.weekday - 1] as Weekday;
    for (const restriction of restrictions) {
      if (!restriction.days.includes(weekday)) continue;
      const open = day.set({ ...clock(restriction.start) });
      let close = day.set({ ...clock(restriction.end) });
      if (restriction.end === '24:00' || close <= open) close = close.plus({ days: 1 });
      if (restriction.end === '24:00') close = day.plus({ days: 1 });
      const span = { start: Math.max(open.toMillis(), from), end: Math.min(close.toMillis(), to) };
      if (span.end > span.start) windows.push(span);
    }
    day = day.plus({ days: 1 });
  }
  return windows;
}

function intersect(turns: Coverage[], windows: Span[]): Coverage[] {
  const out: Coverage[] = [];
  for (const turn of turns) {
    for (const window of windows) {
      const start = Math.max(turn.start, window.start);
      const end = Math.min(turn.end, window.end);
      if (end > start) out.push({ ...turn, start, end });
    }
  }
  return out;
}

/**
 * The final schedule over [from, to): each version's layers in its own period, a higher layer winning where it
 * has someone, overrides above all; adjacent stretches of the same person and layer joined.
 */
export function renderSchedule(schedule: Schedule, from: Date, to: Date): Shift[] {
  const [start, end] = [from.getTime(), to.getTime()];
  if (!(end > start)) return [];
  if (end - start > MAX_RENDER_DAYS * 86_400_000)
    throw new RangeError(`render at most ${MAX_RENDER_DAYS} days at once`);
  const coverage: Coverage[] = [];
  schedule.versions.forEach((version, index) => {
    const next = schedule.versions[index + 1];
    const vStart = Math.max(start, version.effectiveFrom.getTime());
    const vEnd = Math.min(end, next ? next.effectiveFrom.getTime() : end);
    if (vEnd <= vStart) return;
    version.layers.forEach((layer, rank) => {
      const turns = layerTurns(layer, schedule.timeZone, vStart, vEnd);
      const windows = allowedWindows(layer.restrictions, schedule.timeZone, vStart, vEnd);
      for (const turn of intersect(turns, windows)) coverage.push({ ...turn, rank: rank + 1 });
    });
  });
  for (const [index, override] of schedule.overrides.entries()) {
    const span = {
      start: Math.max(override.start.getTime(), start),
      end: Math.min(override.end.getTime(), end),
    };
    if (span.end > span.start)
      coverage.push({ ...span, userId: override.userId, layer: 'override', rank: OVERRIDE_RANK + index });
  }
  return flatten(coverage);
}

/** Cuts the coverage at every boundary, keeps the highest-ranked entry of each piece, joins equal neighbours. */
function flatten(coverage: Coverage[]): Shift[] {
  const cuts = [...new Set(coverage.flatMap((c) => [c.start, c.end]))].sort((a, b) => a - b);
  const shifts: Shift[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i] as number, cuts[i + 1] as number];
    let top: Coverage | undefined;
    for (const c of coverage) if (c.start <= a && c.end >= b && (!top || c.rank > top.rank)) top = c;
    if (!top) continue;
    const last = shifts.at(-1);
    if (last && last.end.getTime() === a && last.userId === top.userId && last.layer === top.layer)
      last.end = new Date(b);
    else shifts.push({ userId: top.userId, start: new Date(a), end: new Date(b), layer: top.layer });
  }
  return shifts;
}

/** Who is on call at `at`: the user of the final schedule's stretch that contains it, if any. */
export function whoIsOnCall(schedule: Schedule, at: Date): string[] {
  const shifts = renderSchedule(schedule, at, new Date(at.getTime() + 1));
  return [...new Set(shifts.map((shift) => shift.userId))];
}
