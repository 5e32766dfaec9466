/** Real time [start, end). */
export interface Span {
  start: Date;
  end: Date;
}

/** A pause of an SLA clock; `end` null while it lasts. */
export interface Pause {
  start: Date;
  end: Date | null;
}

/** The spans, merged where they overlap or touch, sorted; empty spans dropped. */
export function unionOf(spans: readonly Span[]): Span[] {
  const sorted = spans
    .filter((span) => span.end > span.start)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  const union: Span[] = [];
  for (const span of sorted) {
    const last = union.at(-1);
    if (last && span.start <= last.end) {
      if (span.end > last.end) last.end = span.end;
    } else {
      union.push({ start: span.start, end: span.end });
    }
  }
  return union;
}

/** [from, to) with the pauses cut out: the spans during which an SLA clock ran. */
export function activeSpans(from: Date, to: Date, pauses: readonly Pause[]): Span[] {
  const paused = unionOf(pauses.map((pause) => ({ start: pause.start, end: pause.end ?? to })));
  const active: Span[] = [];
  let cursor = from;
  for (const pause of paused) {
    if (pause.end <= cursor) continue;
    if (pause.start >= to) break;
    if (pause.start > cursor) active.push({ start: cursor, end: pause.start });
    cursor = pause.end;
  }
  if (to > cursor) active.push({ start: cursor, end: to });
  return active;
}
