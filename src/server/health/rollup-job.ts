import type { AppContext } from '../context.js';
import { HOUR } from '../lib/clock.js';
import { defineRecurringJob } from '../lib/jobs.js';
import { rollUpHours } from './rollup.js';

/**
 * Rolls the ended hours up from their minutes (rollup.ts), at the start of every hour and at start. Readers are
 * exact whenever it last ran; running hourly keeps the minutes they read for long windows to an hour or two.
 */
const rollup = (ctx: AppContext) =>
  defineRecurringJob({
    name: 'health.rollup',
    periodMs: HOUR,
    run: ({ clock }) => rollUpHours(ctx.db, clock.now()),
  });

export const healthRollupJob = (ctx: AppContext) => rollup(ctx).job;

/** At start: hours that ended while no instance ran are rolled up at once. */
export const scheduleHealthRollup = (ctx: AppContext) => rollup(ctx).schedule(ctx.db, ctx.clock.now());
