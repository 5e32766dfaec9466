import { HOUR, MINUTE } from '../../lib/clock.js';

export const HEALTH_RANGES = ['1h', '24h', '7d', '30d'] as const;
export type HealthRange = (typeof HEALTH_RANGES)[number];
export const HEALTH_STEPS = ['1m', '15m', '1h', '6h'] as const;
export type HealthStep = (typeof HEALTH_STEPS)[number];

/**
 * Each range's step keeps a chart at 200 points or fewer (60, 96, 168, 120). Up to a day is read from minute rows;
 * longer ranges from hour rows, which a 6-hour step divides evenly.
 */
const RANGES: Record<HealthRange, { length: number; step: HealthStep; stepMs: number; source: Source }> = {
  '1h': { length: HOUR, step: '1m', stepMs: MINUTE, source: 'minutes' },
  '24h': { length: 24 * HOUR, step: '15m', stepMs: 15 * MINUTE, source: 'minutes' },
  '7d': { length: 7 * 24 * HOUR, step: '1h', stepMs: HOUR, source: 'hours' },
  '30d': { length: 30 * 24 * HOUR, step: '6h', stepMs: 6 * HOUR, source: 'hours' },
};
export type Source = 'minutes' | 'hours';

export interface HealthWindow {
  range: HealthRange;
  step: HealthStep;
  stepMs: number;
  source: Source;
  /** Inclusive start of the first step. */
  from: number;
  /** Exclusive end: the end of the step holding `now`, so the current, partial step is the last point. */
  to: number;
}

/** The window a range shows at `now`, its steps aligned to the Unix epoch (UTC), as date_bin groups them. */
export function healthWindow(range: HealthRange, now: number): HealthWindow {
  const { length, step, stepMs, source } = RANGES[range];
  const to = Math.floor(now / stepMs) * stepMs + stepMs;
  return { range, step, stepMs, source, from: to - length, to };
}

/** Every step start in the window, oldest first. */
export function stepStarts(window: Pick<HealthWindow, 'from' | 'to' | 'stepMs'>): number[] {
  const starts: number[] = [];
  for (let t = window.from; t < window.to; t += window.stepMs) starts.push(t);
  return starts;
}
