import type { AppContext } from '../context.js';
import { HOUR } from '../lib/clock.js';
import { defineRecurringJob } from '../lib/jobs.js';
import { maintainPartitions } from './partitions.js';

/**
 * Retention for the signal tables: drops partitions past retention and makes the coming ones. Hourly, so a
 * new day's partition exists long before its first bucket (two days ahead) even after a long outage.
 */
const partitions = (ctx: AppContext) =>
  defineRecurringJob({
    name: 'health.partitions',
    periodMs: HOUR,
    run: ({ clock }) =>
      maintainPartitions(ctx.db, clock.now(), {
        minuteDays: ctx.config.healthMinuteRetentionDays,
        hourMonths: ctx.config.healthHourRetentionMonths,
      }),
  });

export const healthPartitionsJob = (ctx: AppContext) => partitions(ctx).job;

/** At start: the partitions exist before the first signal arrives. */
export const scheduleHealthPartitions = (ctx: AppContext) =>
  partitions(ctx).schedule(ctx.db, ctx.clock.now());
