import { type DateTime, FixedOffsetZone, type IANAZone } from 'luxon';

/** Real time [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

/** A stretch of real time during which the zone keeps one UTC offset (minutes). */
export interface OffsetStretch extends Interval {
  offset: number;
}

const HOUR = 3_600_000;
/** How far before its wall-clock midnight a local date can begin in real time (UTC+14). */
export const MOST_AHEAD_OF_UTC = 14 * HOUR;
// Every UTC offset lies within −12:00 … +14:00. Sampling every 6 hours finds each change as long as a zone changes
// at most once in 6 hours, which holds for every zone in use.
const SAMPLE_STEP = 6 * HOUR;

/**
 * The real-time spans during which the wall clock reads a time in [from, to): `from` and `to` are local wall times
 * carried as UTC DateTimes, `stretches` the zone's offsets around them (offsetStretches).
 *
 * This is the one DST rule of the SLA clocks: time counts while the clock on the office wall is inside opening hours.
 * On a spring-forward night the skipped hour never counts (09:00–17:00 stays 8 h of real time, 01:00–04:00 is 2 h,
 * 02:30–04:00 opens at the jump); on a fall-back night the repeated hour counts twice when inside opening hours
 * (22:00–06:00 lasts 9 h), and a boundary inside the repeated hour cuts the interval in two.
 */
export function instantsReading(
  stretches: readonly OffsetStretch[],
  from: DateTime,
  to: DateTime,
): Interval[] {
  const spans: Interval[] = [];
  for (const stretch of stretches) {
    const start = Math.max(atOffset(from, stretch.offset), stretch.start);
    const end = Math.min(atOffset(to, stretch.offset), stretch.end);
    if (end > start) spans.push({ start, end });
  }
  return spans;
}

/** The instant at which a wall time reads so under a fixed offset. */
function atOffset(wall: DateTime, offset: number): number {
  return wall.setZone(FixedOffsetZone.instance(offset), { keepLocalTime: true }).toMillis();
}

/** A zone's UTC offset in minutes at an instant. */
export type OffsetAt = (instant: number) => number;

/**
 * The zone's offsets, remembered: Luxon asks Intl for each one (the costly step of a walk), and consecutive dates
 * share most of their samples. Meant for one walk, not to be kept.
 */
export function rememberedOffsets(zone: IANAZone): OffsetAt {
  const known = new Map<number, number>();
  return (instant) => {
    let offset = known.get(instant);
    if (offset === undefined) {
      offset = zone.offset(instant);
      known.set(instant, offset);
    }
    return offset;
  };
}

/**
 * The stretches of constant offset covering every instant whose wall time can lie in [from, to], sampled on a fixed
 * 6-hour grid. Luxon exposes offsets, not transitions, so a change between two samples is located by bisection.
 */
export function offsetStretches(offsetAt: OffsetAt, from: DateTime, to: DateTime): OffsetStretch[] {
  const first = Math.floor((from.toMillis() - MOST_AHEAD_OF_UTC) / SAMPLE_STEP) * SAMPLE_STEP;
  const last = Math.ceil((to.toMillis() + 12 * HOUR) / SAMPLE_STEP) * SAMPLE_STEP;
  const stretches: OffsetStretch[] = [];
  let start = first;
  let offset = offsetAt(start);
  for (let sample = first; sample < last; sample += SAMPLE_STEP) {
    const next = sample + SAMPLE_STEP;
    if (offsetAt(next) !== offset) {
      const change = firstInstantWithOffsetOf(offsetAt, sample, next);
      stretches.push({ start, end: change, offset });
      start = change;
      offset = offsetAt(change);
    }
  }
  stretches.push({ start, end: last, offset });
  return stretches;
}

/** The first instant in (before, after] with the offset of `after`, to the millisecond. */
function firstInstantWithOffsetOf(offsetAt: OffsetAt, before: number, after: number): number {
  const target = offsetAt(after);
  let low = before;
  let high = after;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(middle) === target) high = middle;
    else low = middle;
  }
  return high;
}
