import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { type Database, rowsOf } from '../db/client.js';
import type { Clock } from './clock.js';
import { type JobDefinition, retryDelayMs } from './jobs.js';

export type JobOutcome = 'done' | 'retry' | 'failed';

export interface JobWorkerOptions {
  db: Database;
  clock: Clock;
  // biome-ignore lint/suspicious/noExplicitAny: a registry holds jobs of every payload type
  definitions: JobDefinition<any>[];
  logger: Logger;
  pollMs?: number;
  concurrency?: number;
  /** How long a claim holds before another worker may take the job over (a crashed worker's jobs). */
  lockMs?: number;
  /** How often a running job's claim is renewed, so a slow handler is not mistaken for a crashed one. */
  heartbeatMs?: number;
  onOutcome?: (name: string, outcome: JobOutcome) => void;
}

interface ClaimedJob {
  id: number;
  name: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

export interface JobWorker {
  readonly id: string;
  /**
   * Claims and runs jobs until none is due, including jobs the runs themselves made due (a mail queued by a
   * timer); returns how many ran. Tests call this instead of waiting, so a test never depends on how many
   * jobs earlier tests left behind.
   */
  runDue(): Promise<number>;
  start(): void;
  /** Stops claiming, then waits for the jobs already running. */
  stop(): Promise<void>;
}

export function createJobWorker(options: JobWorkerOptions): JobWorker {
  const { db, clock, logger } = options;
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const registry = new Map(options.definitions.map((d) => [d.name, d]));
  const concurrency = options.concurrency ?? 5;
  const lockMs = options.lockMs ?? 5 * 60_000;
  const pollMs = options.pollMs ?? 1000;
  const heartbeatMs = options.heartbeatMs ?? lockMs / 3;
  let stopping = false;
  let loop: Promise<void> | null = null;
  const wake = new AbortController();

  async function claim(): Promise<ClaimedJob[]> {
    const now = clock.now();
    const lockedUntil = new Date(now.getTime() + lockMs);
    // One statement claims and marks the rows, so two workers never take the same job.
    const result = await db.execute(sql`
      update jobs set status = 'running', attempts = attempts + 1, locked_by = ${id},
        locked_until = ${lockedUntil.toISOString()}::timestamptz
      where id in (
        select id from jobs
        where (status = 'queued' and run_at <= ${now.toISOString()}::timestamptz)
           or (status = 'running' and locked_until < ${now.toISOString()}::timestamptz)
        order by run_at, id
        limit ${concurrency}
        for update skip locked)
      returning id, name, payload, attempts, max_attempts`);
    return rowsOf<ClaimedJob>(result).map((row) => ({ ...row, id: Number(row.id) }));
  }

  async function finish(job: ClaimedJob, error: unknown): Promise<JobOutcome> {
    const now = clock.now();
    if (error === null) {
      await db.execute(sql`
        update jobs set status = 'done', finished_at = ${now.toISOString()}::timestamptz,
          locked_by = null, locked_until = null, last_error = null
        where id = ${job.id} and locked_by = ${id}`);
      return 'done';
    }
    const message = error instanceof Error ? error.message : String(error);
    if (job.attempts >= job.max_attempts) {
      await db.execute(sql`
        update jobs set status = 'failed', finished_at = ${now.toISOString()}::timestamptz,
          locked_by = null, locked_until = null, last_error = ${message}
        where id = ${job.id} and locked_by = ${id}`);
      return 'failed';
    }
    const retryAt = new Date(now.getTime() + retryDelayMs(job.attempts));
    await db.execute(sql`
      update jobs set status = 'queued', run_at = ${retryAt.toISOString()}::timestamptz,
        locked_by = null, locked_until = null, last_error = ${message}
      where id = ${job.id} and locked_by = ${id}`);
    return 'retry';
  }

  function keepClaim(job: ClaimedJob): () => void {
    const timer = setInterval(() => {
      const lockedUntil = new Date(clock.now().getTime() + lockMs).toISOString();
      db.execute(
        sql`update jobs set locked_until = ${lockedUntil}::timestamptz where id = ${job.id} and locked_by = ${id}`,
      ).catch((error: unknown) => logger.warn({ err: error, jobId: job.id }, 'could not renew job claim'));
    }, heartbeatMs);
    return () => clearInterval(timer);
  }

  async function run(job: ClaimedJob): Promise<void> {
    const definition = registry.get(job.name);
    let error: unknown = null;
    const releaseClaim = keepClaim(job);
    try {
      if (!definition) throw new Error(`no handler registered for job "${job.name}"`);
      await definition.handle(job.payload, { jobId: job.id, attempt: job.attempts, db, clock });
    } catch (caught) {
      error = caught ?? new Error('job failed');
      if (!definition) job.attempts = job.max_attempts;
    } finally {
      releaseClaim();
    }
    const outcome = await finish(job, error);
    options.onOutcome?.(job.name, outcome);
    if (outcome !== 'done') logger.warn({ jobId: job.id, job: job.name, outcome, err: error }, 'job failed');
  }

  /** One claim of at most `concurrency` jobs, run together: the polling loop's unit of work. */
  async function runBatch(): Promise<number> {
    const claimed = await claim();
    await Promise.all(claimed.map(run));
    return claimed.length;
  }

  async function runDue(): Promise<number> {
    let total = 0;
    for (let ran = await runBatch(); ran > 0; ran = await runBatch()) total += ran;
    return total;
  }

  async function poll(): Promise<void> {
    while (!stopping) {
      let ran = 0;
      try {
        ran = await runBatch();
      } catch (error) {
        logger.error({ err: error }, 'job polling failed');
      }
      if (ran === 0 && !stopping) await sleep(pollMs, undefined, { signal: wake.signal }).catch(() => {});
    }
  }

  return {
    id,
    runDue,
    start() {
      loop ??= poll();
    },
    async stop() {
      stopping = true;
      wake.abort();
      await loop;
    },
  };
}
