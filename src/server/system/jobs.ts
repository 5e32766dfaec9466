import { and, eq, lt } from 'drizzle-orm';
import { deleteExpiredSessions } from '../auth/sessions.js';
import type { AppContext } from '../context.js';
import { jobs } from '../db/schema/index.js';
import { HOUR } from '../lib/clock.js';
import { defineJob, enqueueJob, recurringRun } from '../lib/jobs.js';

const KEEP_FINISHED_JOBS_MS = 7 * 24 * HOUR;

const NAME = 'system.prune';

/** Hourly housekeeping; it schedules its own next run, one per hour however many instances run. */
export function pruneJob(ctx: AppContext) {
  const job = defineJob<Record<string, never>>({
    name: NAME,
    maxAttempts: 3,
    async handle(_payload, { clock }) {
      await deleteExpiredSessions(ctx);
      const cutoff = new Date(clock.now().getTime() - KEEP_FINISHED_JOBS_MS);
      await ctx.db.delete(jobs).where(and(eq(jobs.status, 'done'), lt(jobs.finishedAt, cutoff)));
      await enqueueJob(ctx.db, job, {}, recurringRun(NAME, clock.now(), HOUR, 1));
    },
  });
  return job;
}

export async function schedulePrune(ctx: AppContext): Promise<void> {
  await enqueueJob(ctx.db, pruneJob(ctx), {}, recurringRun(NAME, ctx.clock.now(), HOUR));
}
