import { and, desc, eq } from 'drizzle-orm';
import { type AppContext, baseUrl } from '../context.js';
import { jobs } from '../db/schema/index.js';
import { conflict, notFound } from '../lib/errors.js';

export async function checkHealth(ctx: AppContext): Promise<{ ok: boolean; database: string }> {
  try {
    await ctx.db.execute('select 1');
    return { ok: true, database: 'up' };
  } catch (error) {
    ctx.logger.error({ err: error }, 'health check: database unreachable');
    return { ok: false, database: 'down' };
  }
}

export function describeDeployment(ctx: AppContext): { docsUrl: string | null; publicUrl: string } {
  return { docsUrl: ctx.config.docsUrl, publicUrl: baseUrl(ctx.config) };
}

const jobColumns = {
  id: jobs.id,
  name: jobs.name,
  status: jobs.status,
  attempts: jobs.attempts,
  maxAttempts: jobs.maxAttempts,
  runAt: jobs.runAt,
  lastError: jobs.lastError,
  createdAt: jobs.createdAt,
  finishedAt: jobs.finishedAt,
};

export function listJobs(
  ctx: AppContext,
  query: { status?: 'queued' | 'running' | 'done' | 'failed'; limit?: number },
) {
  const select = ctx.db.select(jobColumns).from(jobs);
  return (query.status ? select.where(eq(jobs.status, query.status)) : select)
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(query.limit ?? 100);
}

/** Puts a failed job back in the queue with a fresh set of attempts. */
export async function retryJob(ctx: AppContext, jobId: number) {
  const [job] = await ctx.db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, jobId));
  if (!job) throw notFound('job');
  if (job.status !== 'failed') throw conflict(`only failed jobs can be retried; this one is ${job.status}`);
  const [updated] = await ctx.db
    .update(jobs)
    .set({ status: 'queued', attempts: 0, runAt: ctx.clock.now(), finishedAt: null })
    .where(and(eq(jobs.id, jobId), eq(jobs.status, 'failed')))
    .returning(jobColumns);
  if (!updated) throw conflict('job changed meanwhile; reload');
  return updated;
}
