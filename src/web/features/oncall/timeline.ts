import { DateTime } from 'luxon';

/** How many days the schedule page shows at once. */
export const WINDOW_DAYS = 14;

export interface TimelineWindow {
  from: Date;
  to: Date;
  /** Where each day begins: local midnight in the schedule's zone, so a DST day is 23 or 25 hours wide. */
  days: Date[];
}

/** Two weeks from the start of today in `zone`, moved by `page` two-week steps (negative: the past). */
export function twoWeekWindow(zone: string, now: Date, page: number): TimelineWindow {
  const first = DateTime.fromJSDate(now, { zone })
    .startOf('day')
    .plus({ days: page * WINDOW_DAYS });
  const days = Array.from({ length: WINDOW_DAYS + 1 }, (_, i) => first.plus({ days: i }).toJSDate());
  return { from: days[0] as Date, to: days[WINDOW_DAYS] as Date, days: days.slice(0, WINDOW_DAYS) };
}

/** Where an instant sits along the window, in percent; null outside it. */
export function offsetIn(window: TimelineWindow, at: Date): number | null {
  const span = window.to.getTime() - window.from.getTime();
  const offset = at.getTime() - window.from.getTime();
  return offset < 0 || offset > span ? null : (offset / span) * 100;
}

interface ShiftLike {
  userId: string;
  start: string;
  end: string;
  layer: string;
}

export interface Bar {
  userId: string;
  start: Date;
  end: Date;
  /** Percent of the window's width. */
  left: number;
  width: number;
}

export interface TimelineRow {
  kind: 'layer' | 'override' | 'final';
  /** The layer's name (layer rows only). */
  name?: string;
  bars: Bar[];
}

function barsOf(window: TimelineWindow, shifts: readonly ShiftLike[]): Bar[] {
  return shifts.flatMap((shift) => {
    const start = new Date(Math.max(Date.parse(shift.start), window.from.getTime()));
    const end = new Date(Math.min(Date.parse(shift.end), window.to.getTime()));
    if (end <= start) return [];
    const left = offsetIn(window, start) ?? 0;
    return [{ userId: shift.userId, start, end, left, width: (offsetIn(window, end) ?? 100) - left }];
  });
}

/** One person's back-to-back turns (a layer's, then an override's) read as one stretch on the final row. */
function joined(shifts: readonly ShiftLike[]): ShiftLike[] {
  const out: ShiftLike[] = [];
  for (const shift of shifts) {
    const last = out.at(-1);
    if (last && last.userId === shift.userId && Date.parse(last.end) === Date.parse(shift.start))
      out[out.length - 1] = { ...last, end: shift.end };
    else out.push(shift);
  }
  return out;
}

/**
 * The rendered schedule as the page draws it: a row per layer (where that layer is the one on call, in
 * the schedule's layer order, then any layer a past version had), the overrides, and the final schedule.
 */
export function timelineRows(
  window: TimelineWindow,
  layerNames: readonly string[],
  shifts: readonly ShiftLike[],
): TimelineRow[] {
  const sorted = [...shifts].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const names = [
    ...new Set([...layerNames, ...sorted.filter((s) => s.layer !== 'override').map((s) => s.layer)]),
  ];
  return [
    ...names.map(
      (name): TimelineRow => ({
        kind: 'layer',
        name,
        bars: barsOf(
          window,
          sorted.filter((s) => s.layer === name),
        ),
      }),
    ),
    {
      kind: 'override',
      bars: barsOf(
        window,
        sorted.filter((s) => s.layer === 'override'),
      ),
    },
    { kind: 'final', bars: barsOf(window, joined(sorted)) },
  ];
}
