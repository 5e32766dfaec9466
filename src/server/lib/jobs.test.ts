import { hostname } from 'node:os';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATABASE_KINDS,
  describeEachDatabase,
  openTestDatabase,
  type TestDatabase,
} from '../../../tests/support/databases.js';
import { jobs } from '../db/schema/index.js';
import { createManualClock, MINUTE } from './clock.js';
import { createJobWorker } from './job-worker.js';
import { cancelJob, defineJob, defineRecurringJob, enqueueJob, retryDelayMs } from './jobs.js';

describe('retry backoff', () => {
  it('waits 10 s after the first failure and doubles each time, never more than an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30].map(retryDelayMs)).toEqual([
      10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 1_280_000, 2_560_000, 3_600_000, 3_600_000,
    ]);
  });
});

import { silentLogger as logger, recordingLogger } from '../../../tests/support/job-worker-probes.js';

describeEachDatabase('durable jobs', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });
  const row = async (id: number | null) => {
    if (id === null) throw new Error('not enqueued');
    const [found] = await database.db.select().from(jobs).where(eq(jobs.id, id));
    if (!found) throw new Error(`job ${id} not found`);
    return found;
  };

  it('runs a job only once its time has come', async () => {
    const clock = createManualClock('2026-03-02T10:00:00Z');
    const ran: string[] = [];
    const job = defineJob<{ label: string }>({
      name: 'test.timer',
      handle: async (p) => void ran.push(p.label),
    });
    const worker = createJobWorker({ db: database.db, clock, logger, definitions: [job] });
    await enqueueJob(database.db, job, { label: 'later' }, { runAt: new Date('2026-03-02T10:30:00Z') });

    expect(await worker.runDue()).toBe(0);
    clock.advance(29 * MINUTE);
    expect(await worker.runDue()).toBe(0);
    clock.advance(1 * MINUTE);
    expect(await worker.runDue()).toBe(1);
    expect(ran).toEqual(['later']);
    expect(await worker.runDue()).toBe(0);
  });

  it('keeps one pending job per singleton key, and a cancelled timer never fires', async () => {
    const clock = createManualClock('2026-03-02T10:00:00Z');
    const ran: number[] = [];
    const job = defineJob<{ n: number }>({ name: 'test.singleton', handle: async (p) => void ran.push(p.n) });
    const worker = createJobWorker({ db: database.db, clock, logger, definitions: [job] });
    const first = await enqueueJob(database.db, job, { n: 1 }, { runAt: clock.now(), singletonKey: 'k1' });
    const second = await enqueueJob(database.db, job, { n: 2 }, { runAt: clock.now(), singletonKey: 'k1' });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    await enqueueJob(database.db, job, { n: 3 }, { runAt: clock.now(), singletonKey: 'k2' });
    expect(await cancelJob(database.db, 'k2')).toBe(1);
    await worker.runDue();
    expect(ran).toEqual([1]);
    // Once the first has run, the key is free again.
    expect(
      await enqueueJob(database.db, job, { n: 4 }, { runAt: clock.now(), singletonKey: 'k1' }),
    ).not.toBeNull();
    expect(await cancelJob(database.db, 'k1')).toBe(1);
  });

  it('cancels several pending timers in one call, leaving other keys and finished jobs alone', async () => {
    const job = defineJob<object>({ name: 'test.cancel-several', handle: async () => {} });
    const later = { runAt: new Date('2026-03-02T12:00:00Z') };
    for (const key of ['t:a', 't:b', 't:c'])
      await enqueueJob(database.db, job, {}, { ...later, singletonKey: key });
    expect(await cancelJob(database.db, ['t:a', 't:b', 't:missing'])).toBe(2);
    expect(await cancelJob(database.db, [])).toBe(0);
    const left = await database.db
      .select({ key: jobs.singletonKey })
      .from(jobs)
      .where(eq(jobs.name, 'test.cancel-several'));
    expect(left.map((j) => j.key)).toEqual(['t:c']);
    // Leave nothing due for the tests after this one.
    expect(await cancelJob(database.db, 't:c')).toBe(1);
  });

  it('retries a failing job after 10 s, then 20 s, and leaves it visible as failed', async () => {
    const clock = createManualClock('2026-03-02T10:00:00Z');
    let calls = 0;
    const job = defineJob<object>({
      name: 'test.flaky',
      maxAttempts: 3,
      handle: async () => {
        calls++;
        throw new Error(`smtp down (call ${calls})`);
      },
    });
    const outcomes: string[] = [];
    const log = recordingLogger();
    const worker = createJobWorker({
      db: database.db,
      clock,
      logger: log.logger,
      definitions: [job],
      onOutcome: (name, outcome) => void outcomes.push(`${name}:${outcome}`),
    });
    const id = await enqueueJob(database.db, job, {}, { runAt: clock.now() });

    await worker.runDue();
    expect(log.lines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'job failed',
        jobId: id,
        job: 'test.flaky',
        outcome: 'retry',
        err: expect.objectContaining({ message: 'smtp down (call 1)' }),
      }),
    ]);
    expect(await row(id)).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: 'smtp down (call 1)',
      runAt: new Date('2026-03-02T10:00:10Z'),
      lockedBy: null,
      lockedUntil: null,
    });

    clock.advance(10_000 - 1);
    expect(await worker.runDue()).toBe(0);
    clock.advance(1);
    expect(await worker.runDue()).toBe(1);
    expect(await row(id)).toMatchObject({
      status: 'queued',
      attempts: 2,
      runAt: new Date('2026-03-02T10:00:30Z'),
    });

    clock.advance(20_000 - 1);
    expect(await worker.runDue()).toBe(0);
    clock.advance(1);
    expect(await worker.runDue()).toBe(1);
    expect(await row(id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'smtp down (call 3)',
      finishedAt: new Date('2026-03-02T10:00:30Z'),
      lockedBy: null,
      lockedUntil: null,
    });
    clock.advance(24 * 60 * MINUTE);
    expect(await worker.runDue()).toBe(0);
    expect(calls).toBe(3);
    expect(outcomes).toEqual(['test.flaky:retry', 'test.flaky:retry', 'test.flaky:failed']);
    expect(log.lines.map((line) => line.outcome)).toEqual(['retry', 'retry', 'failed']);
  });

  it('runs a recurring job once a period, and keeps the chain going past a run that fails every attempt', async () => {
    const clock = createManualClock('2026-04-01T10:20:00Z');
    const ran: string[] = [];
    const recurring = defineRecurringJob({
      name: 'test.recurring',
      periodMs: 60 * MINUTE,
      maxAttempts: 1,
      run: async ({ clock }) => {
        ran.push(clock.now().toISOString());
        if (ran.length === 1) throw new Error('the first run fails');
      },
    });
    const worker = createJobWorker({ db: database.db, clock, logger, definitions: [recurring.job] });
    await Promise.all([1, 2].map(() => recurring.schedule(database.db, clock.now())));
    await worker.runDue();
    clock.set('2026-04-01T11:00:00Z');
    await worker.runDue();
    expect(ran).toEqual(['2026-04-01T10:20:00.000Z', '2026-04-01T11:00:00.000Z']);
    const rows = await database.db.select().from(jobs).where(eq(jobs.name, 'test.recurring'));
    expect(rows.map((r) => [r.singletonKey, r.status]).sort()).toEqual([
      ['test.recurring:2026-04-01T10:00:00.000Z', 'failed'],
      ['test.recurring:2026-04-01T11:00:00.000Z', 'done'],
      ['test.recurring:2026-04-01T12:00:00.000Z', 'queued'],
    ]);
  });

  it('reports a successful run as done and logs nothing about it', async () => {
    const clock = createManualClock('2026-03-02T10:00:00Z');
    const job = defineJob<object>({ name: 'test.fine', handle: async () => {} });
    const outcomes: string[] = [];
    const log = recordingLogger();
    const worker = createJobWorker({
      db: database.db,
      clock,
      logger: log.logger,
      definitions: [job],
      onOutcome: (name, outcome) => void outcomes.push(`${name}:${outcome}`),
    });
    const id = await enqueueJob(database.db, job, {}, { runAt: clock.now() });
    expect(await worker.runDue()).toBe(1);
    expect(outcomes).toEqual(['test.fine:done']);
    expect(log.lines).toEqual([]);
    expect(await row(id)).toMatchObject({
      status: 'done',
      attempts: 1,
      finishedAt: clock.now(),
      lastError: null,
    });
  });

  it('names each worker after its host and process, distinctly, and marks the jobs it claims with it', () => {
    const clock = createManualClock('2026-03-02T10:00:00Z');
    const one = createJobWorker({ db: database.db, clock, logger, definitions: [] });
    const two = createJobWorker({ db: database.db, clock, logger, definitions: [] });
    const pattern = new RegExp(
      `^${hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${process.pid}:[0-9a-f]{8}$`,
    );
    expect(one.id).toMatch(pattern);
    expect(two.id).toMatch(pattern);
    expect(one.id).not.toBe(two.id);
  });

  it('fails a job nobody handles at once, and a handler that rejects with nothing still counts as failing', async () => {
    const clock = createManualClock('2026-03-02T10:00:00Z');
    const orphan = defineJob<object>({ name: 'test.unregistered', handle: async () => {} });
    const silent = defineJob<object>({
      name: 'test.silent-failure',
      maxAttempts: 1,
      handle: () => Promise.reject(undefined),
    });
    const outcomes: string[] = [];
    const worker = createJobWorker({
      db: database.db,
      clock,
      logger,
      definitions: [silent],
      onOutcome: (name, outcome) => void outcomes.push(`${name}:${outcome}`),
    });
    const orphanId = await enqueueJob(database.db, orphan, {}, { runAt: clock.now() });
    const silentId = await enqueueJob(database.db, silent, {}, { runAt: clock.now() });

    expect(await worker.runDue()).toBe(2);
    expect(await row(orphanId)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'no handler registered for job "test.unregistered"',
    });
    expect(await row(silentId)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'job failed' });
    expect(outcomes.sort()).toEqual(['test.silent-failure:failed', 'test.unregistered:failed']);
  });

  it('takes over a job whose worker died mid-run once its lock expires', async () => {
    const clock = createManualClock('2026-03-02T10:00:00Z');
    let runs = 0;
    const job = defineJob<object>({ name: 'test.crash', handle: async () => void runs++ });
    await enqueueJob(database.db, job, {}, { runAt: clock.now() });
    // A worker killed mid-run leaves the row running under its lock.
    await database.db
      .update(jobs)
      .set({ status: 'running', lockedBy: 'dead', lockedUntil: new Date(clock.now().getTime() + 5 * MINUTE) })
      .where(eq(jobs.name, 'test.crash'));
    const survivor = createJobWorker({ db: database.db, clock, logger, definitions: [job] });
    expect(await survivor.runDue()).toBe(0);
    clock.advance(5 * MINUTE + 1);
    expect(await survivor.runDue()).toBe(1);
    expect(runs).toBe(1);
  });
  it('runs until nothing is due: more jobs than one claim takes, and jobs the runs themselves queue', async () => {
    const clock = createManualClock('2026-03-02T10:00:00Z');
    const ran: number[] = [];
    const followUp = defineJob<{ n: number }>({
      name: 'test.follow-up',
      handle: async (p) => void ran.push(p.n),
    });
    const job = defineJob<{ n: number }>({
      name: 'test.drain',
      handle: async (p, { db }) => {
        ran.push(p.n);
        if (p.n === 0) await enqueueJob(db, followUp, { n: 100 }, { runAt: clock.now() });
      },
    });
    const worker = createJobWorker({
      db: database.db,
      clock,
      logger,
      definitions: [job, followUp],
      concurrency: 5,
    });
    for (let n = 0; n < 12; n++) await enqueueJob(database.db, job, { n }, { runAt: clock.now() });

    expect(await worker.runDue()).toBe(13);
    expect(ran.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 100]);
    expect(await worker.runDue()).toBe(0);
  });
});

describe('durable jobs across restarts and instances', () => {
  it.each(DATABASE_KINDS)('runs a job that fell due while the app was down [%s]', async (kind) => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { openPglite } = await import('../db/client.js');
    const { migrateDatabase } = await import('../db/migrate.js');
    const dir = kind === 'pglite' ? await mkdtemp(path.join(tmpdir(), 'sb-jobs-')) : null;
    const pgDatabase = kind === 'postgres' ? await openTestDatabase('postgres') : null;
    const open = async () => {
      if (dir) {
        const handle = await openPglite({ dataDir: dir });
        await migrateDatabase(handle);
        return handle;
      }
      return (pgDatabase as TestDatabase).reopen();
    };
    const clock = createManualClock('2026-03-02T10:00:00Z');
    const ran: string[] = [];
    const job = defineJob<{ id: string }>({ name: 'test.restart', handle: async (p) => void ran.push(p.id) });

    const before = await open();
    await enqueueJob(before.db, job, { id: 'reminder' }, { runAt: new Date('2026-03-02T10:15:00Z') });
    await before.close();

    clock.advance(60 * MINUTE); // the app is down past the due time
    const after = await open();
    const worker = createJobWorker({ db: after.db, clock, logger, definitions: [job] });
    expect(await worker.runDue()).toBe(1);
    expect(ran).toEqual(['reminder']);
    await after.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    await pgDatabase?.close();
  });

  /*
   * Only PostgreSQL can catch a claim without `for update skip locked`. PGlite is one single-user backend behind
   * one connection: two workers on it run their claim statements strictly one after the other, no row lock is
   * ever contended, and a claim without the clause behaves identically there. Here two pools race for real, and
   * without it both claims pick the same rows (checked: that mutant fails this test on every run).
   */
  it.runIf(DATABASE_KINDS.includes('postgres'))(
    'two instances on one PostgreSQL never run the same job twice',
    async () => {
      const database = await openTestDatabase('postgres');
      const second = await database.reopen();
      const clock = createManualClock('2026-03-02T10:00:00Z');
      const runs = new Map<number, string[]>();
      const job = defineJob<{ n: number }>({
        name: 'test.contended',
        handle: async (payload, context) => {
          await new Promise((resolve) => setTimeout(resolve, 2));
          runs.set(payload.n, [...(runs.get(payload.n) ?? []), String(context.jobId)]);
        },
      });
      const total = 200;
      for (let n = 0; n < total; n++) await enqueueJob(database.db, job, { n }, { runAt: clock.now() });
      const workerA = createJobWorker({ db: database.db, clock, logger, definitions: [job], concurrency: 4 });
      const workerB = createJobWorker({ db: second.db, clock, logger, definitions: [job], concurrency: 4 });
      const counts = { a: 0, b: 0 };
      const drain = async (worker: typeof workerA, key: 'a' | 'b') => {
        for (;;) {
          const ran = await worker.runDue();
          if (ran === 0) return;
          counts[key] += ran;
        }
      };
      await Promise.all([drain(workerA, 'a'), drain(workerB, 'b')]);
      expect(runs.size).toBe(total);
      expect([...runs.values()].every((ids) => ids.length === 1)).toBe(true);
      expect(counts.a + counts.b).toBe(total);
      // Both instances did real work, so the test exercised contention rather than one worker alone.
      expect(counts.a).toBeGreaterThan(0);
      expect(counts.b).toBeGreaterThan(0);
      await second.close();
      await database.close();
    },
  );
});
