import { and, eq, lt } from 'drizzle-orm';
import { deleteExpiredSessions } from '../auth/sessions.js';
import type { AppContext } from '../context.js';
import { jobs } from '../db/schema/index.js';
import { HOUR } from '../lib/clock.js';
import { defineRecurringJob } from '../lib/jobs.js';

const KEEP_FINISHED_JOBS_MS = 7 * 24 * HOUR;

/** Hourly housekeeping; it schedules its own next run, one per hour however many instances run. */
const prune = (ctx: AppContext) =>
  defineRecurringJob({
    name: 'system.prune',
    periodMs: HOUR,
    async run({ clock }) {
      await deleteExpiredSessions(ctx);
      const cutoff = new Date(clock.now().getTime() - KEEP_FINISHED_JOBS_MS);
      await ctx.db.delete(jobs).where(and(eq(jobs.status, 'done'), lt(jobs.finishedAt, cutoff)));
    },
  });

export const pruneJob = (ctx: AppContext) => prune(ctx).job;

export const schedulePrune = (ctx: AppContext) => prune(ctx).schedule(ctx.db, ctx.clock.now());
