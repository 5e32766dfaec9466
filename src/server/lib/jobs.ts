import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../db/client.js';
import { jobs, PENDING_SINGLETON } from '../db/schema/index.js';
import type { Clock } from './clock.js';

export interface JobContext {
  jobId: number;
  /** 1 on the first run; handlers must be idempotent because a crash can repeat a run. */
  attempt: number;
  db: Database;
  clock: Clock;
}

export interface JobDefinition<P> {
  name: string;
  version: number;
  maxAttempts: number;
  handle(payload: P, context: JobContext): Promise<void>;
}

export function defineJob<P>(definition: {
  name: string;
  version?: number;
  maxAttempts?: number;
  handle(payload: P, context: JobContext): Promise<void>;
}): JobDefinition<P> {
  return { version: 1, maxAttempts: 5, ...definition };
}

export interface EnqueueOptions {
  runAt: Date;
  /** While a job with this key is queued or running, enqueueing another is a no-op. */
  singletonKey?: string;
}

/**
 * Inserts the job in the caller's transaction, so it exists exactly when the change that asked for it is
 * committed. Returns the job id, or null when a pending job already holds the singleton key.
 */
export async function enqueueJob<P>(
  q: Queryable,
  job: Pick<JobDefinition<P>, 'name' | 'version' | 'maxAttempts'>,
  payload: P,
  options: EnqueueOptions,
): Promise<number | null> {
  const rows = await q
    .insert(jobs)
    .values({
      name: job.name,
      version: job.version,
      payload: payload as object,
      runAt: options.runAt,
      maxAttempts: job.maxAttempts,
      singletonKey: options.singletonKey ?? null,
      createdAt: options.runAt,
    })
    .onConflictDoNothing({ target: jobs.singletonKey, where: PENDING_SINGLETON })
    .returning({ id: jobs.id });
  return rows[0]?.id ?? null;
}

/** Removes pending timers, e.g. an escalation step made moot by an acknowledgement; one key or several at once. */
export async function cancelJob(q: Queryable, singletonKey: string | readonly string[]): Promise<number> {
  const keys = typeof singletonKey === 'string' ? [singletonKey] : [...singletonKey];
  if (keys.length === 0) return 0;
  const rows = await q
    .delete(jobs)
    .where(and(inArray(jobs.singletonKey, keys), eq(jobs.status, 'queued')))
    .returning({ id: jobs.id });
  return rows.length;
}

/** Removes every pending timer whose key starts with the prefix: all of one page's timers, say. */
export async function cancelJobsUnder(q: Queryable, keyPrefix: string): Promise<number> {
  const rows = await q
    .delete(jobs)
    .where(and(sql`starts_with(${jobs.singletonKey}, ${keyPrefix})`, eq(jobs.status, 'queued')))
    .returning({ id: jobs.id });
  return rows.length;
}

/**
 * A recurring job's run in one period: its singleton key names the period, and it runs at the period's start.
 * A run schedules the next period under the next key (its own key is still held while it runs, so reusing it would
 * drop the next run), and instances starting at once all ask for the current period: one chain, whoever starts it.
 */
export function recurringRun(name: string, at: Date, periodMs: number, periodsAhead = 0) {
  const start = Math.floor(at.getTime() / periodMs) * periodMs + periodsAhead * periodMs;
  return {
    runAt: new Date(Math.max(start, at.getTime())),
    singletonKey: `${name}:${new Date(start).toISOString()}`,
  };
}

/**
 * A job that runs once a period however many instances run (retention, roll-ups, housekeeping): `schedule` asks
 * for the current period's run at start; each run first asks for the next period's, then does its work, so a run
 * that fails every attempt still leaves the chain going.
 */
export function defineRecurringJob(definition: {
  name: string;
  periodMs: number;
  maxAttempts?: number;
  run(context: JobContext): Promise<unknown>;
}) {
  const { name, periodMs, run } = definition;
  const job = defineJob<Record<string, never>>({
    name,
    maxAttempts: definition.maxAttempts ?? 3,
    async handle(_payload, context) {
      await enqueueJob(context.db, job, {}, recurringRun(name, context.clock.now(), periodMs, 1));
      await run(context);
    },
  });
  return {
    job,
    async schedule(q: Queryable, now: Date): Promise<void> {
      await enqueueJob(q, job, {}, recurringRun(name, now, periodMs));
    },
  };
}

/** Exponential backoff: 10 s, 20 s, 40 s ... capped at one hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(10_000 * 2 ** (attempt - 1), 3_600_000);
}
