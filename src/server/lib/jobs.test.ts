import { eq } from 'drizzle-orm';
import pino from 'pino';
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
import { cancelJob, defineJob, enqueueJob, retryDelayMs } from './jobs.js';

const logger = pino({ level: 'silent' });

describeEachDatabase('durable jobs', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

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
  });

  it('retries a failing job with growing delays and leaves it visible as failed', async () => {
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
    const worker = createJobWorker({ db: database.db, clock, logger, definitions: [job] });
    const id = await enqueueJob(database.db, job, {}, { runAt: clock.now() });
    if (id === null) throw new Error('not enqueued');
    const row = async () => (await database.db.select().from(jobs).where(eq(jobs.id, id)))[0];

    await worker.runDue();
    expect(await row()).toMatchObject({ status: 'queued', attempts: 1, lastError: 'smtp down (call 1)' });
    expect((await row())?.runAt.getTime()).toBe(clock.now().getTime() + retryDelayMs(1));

    clock.advance(retryDelayMs(1) - 1);
    expect(await worker.runDue()).toBe(0);
    clock.advance(1);
    await worker.runDue();
    expect(await row()).toMatchObject({ status: 'queued', attempts: 2 });
    expect(retryDelayMs(2)).toBeGreaterThan(retryDelayMs(1));

    clock.advance(retryDelayMs(2));
    await worker.runDue();
    expect(await row()).toMatchObject({ status: 'failed', attempts: 3, lastError: 'smtp down (call 3)' });
    clock.advance(24 * 60 * MINUTE);
    expect(await worker.runDue()).toBe(0);
    expect(calls).toBe(3);
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
  it('renews the claim of a slow job so another worker does not run it twice', async () => {
    const clock = createManualClock('2026-03-02T10:00:00Z');
    let runs = 0;
    let finish = () => {};
    const job = defineJob<object>({
      name: 'test.slow',
      handle: async () => {
        runs++;
        // Only the first run is slow, so a wrongful second run shows up as a count rather than a hang.
        if (runs === 1) {
          await new Promise<void>((resolve) => {
            finish = resolve;
          });
        }
      },
    });
    const slow = createJobWorker({
      db: database.db,
      clock,
      logger,
      definitions: [job],
      lockMs: 5 * MINUTE,
      heartbeatMs: 10,
    });
    const other = createJobWorker({ db: database.db, clock, logger, definitions: [job], lockMs: 5 * MINUTE });
    await enqueueJob(database.db, job, {}, { runAt: clock.now() });
    const running = slow.runDue();
    await waitUntil(() => runs === 1);
    clock.advance(5 * MINUTE + 1); // past the original claim
    await new Promise((resolve) => setTimeout(resolve, 100)); // a few heartbeats
    expect(await other.runDue()).toBe(0);
    finish();
    expect(await running).toBe(1);
    expect(runs).toBe(1);
  });
});

async function waitUntil(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

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
