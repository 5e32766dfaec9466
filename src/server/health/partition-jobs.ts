import type { AppContext } from '../context.js';
import { HOUR } from '../lib/clock.js';
import { defineJob, enqueueJob, recurringRun } from '../lib/jobs.js';
import { maintainPartitions } from './partitions.js';

const NAME = 'health.partitions';

/**
 * Retention for the signal tables: drops partitions past retention and makes the coming ones. Hourly, so a
 * new day's partition exists long before its first bucket (two days ahead) even after a long outage.
 */
export function healthPartitionsJob(ctx: AppContext) {
  const job = defineJob<Record<string, never>>({
    name: NAME,
    maxAttempts: 3,
    async handle(_payload, { clock }) {
      await maintainPartitions(ctx.db, clock.now(), {
        minuteDays: ctx.config.healthMinuteRetentionDays,
        hourMonths: ctx.config.healthHourRetentionMonths,
      });
      await enqueueJob(ctx.db, job, {}, recurringRun(NAME, clock.now(), HOUR, 1));
    },
  });
  return job;
}

/** At start: the partitions exist before the first signal arrives. */
export async function scheduleHealthPartitions(ctx: AppContext): Promise<void> {
  await enqueueJob(ctx.db, healthPartitionsJob(ctx), {}, recurringRun(NAME, ctx.clock.now(), HOUR));
}
