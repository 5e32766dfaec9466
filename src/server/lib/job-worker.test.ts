import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import {
  describeEachDatabase,
  openTestDatabase,
  type TestDatabase,
} from '../../../tests/support/databases.js';
import {
  silentLogger as logger,
  observedDatabase,
  recordingLogger,
  waitUntil,
} from '../../../tests/support/job-worker-probes.js';
import { jobs } from '../db/schema/index.js';
import { createManualClock, MINUTE } from './clock.js';
import { createJobWorker } from './job-worker.js';
import { cancelJob, defineJob, enqueueJob } from './jobs.js';

/* The worker's loop: claim leases and their heartbeat, polling, stopping, and a failing database. */
describeEachDatabase('job worker', (kind) => {
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

  it('holds a claim for 5 minutes by default and renews it every 100 s, well before it runs out', async () => {
    // Only the heartbeat's interval is faked; database I/O and the waits below stay real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const clock = createManualClock('2026-03-02T10:00:00Z');
      let started = false;
      let finish = () => {};
      const job = defineJob<object>({
        name: 'test.heartbeat',
        handle: () =>
          new Promise<void>((resolve) => {
            started = true;
            finish = resolve;
          }),
      });
      const log = recordingLogger();
      const observed = observedDatabase(database.db);
      const worker = createJobWorker({ db: observed.db, clock, logger: log.logger, definitions: [job] });
      const id = await enqueueJob(database.db, job, {}, { runAt: clock.now() });
      const lockedUntil = async () => (await row(id)).lockedUntil?.toISOString();
      const running = worker.runDue();
      await waitUntil(() => started);
      expect(await row(id)).toMatchObject({ status: 'running', lockedBy: worker.id });
      expect(await lockedUntil()).toBe('2026-03-02T10:05:00.000Z');

      clock.advance(100_000 - 1);
      vi.advanceTimersByTime(100_000 - 1);
      await new Promise((resolve) => setTimeout(resolve, 50)); // room for a renewal that should not happen
      expect(await lockedUntil()).toBe('2026-03-02T10:05:00.000Z');

      clock.advance(1);
      vi.advanceTimersByTime(1);
      await waitUntil(async () => (await lockedUntil()) !== '2026-03-02T10:05:00.000Z');
      expect(await lockedUntil()).toBe('2026-03-02T10:06:40.000Z');

      // A renewal that fails is logged, and the job carries on.
      observed.seen.failWith = new Error('connection lost');
      clock.advance(100_000);
      vi.advanceTimersByTime(100_000);
      await waitUntil(() => log.lines.length > 0);
      observed.seen.failWith = null;
      expect(log.lines).toEqual([
        expect.objectContaining({
          level: 40,
          msg: 'could not renew job claim',
          jobId: id,
          err: expect.objectContaining({ message: 'connection lost' }),
        }),
      ]);

      finish();
      expect(await running).toBe(1);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('polls by itself once started: claims at once, then every second (by default) while idle', async () => {
    const clock = createManualClock('2026-03-02T10:00:00Z');
    const observed = observedDatabase(database.db);
    const worker = createJobWorker({ db: observed.db, clock, logger, definitions: [] });
    worker.start();
    await sleep(300);
    await worker.stop();
    expect(observed.seen.statements).toBe(1);
  });

  it('runs jobs as they fall due without waiting between full batches, until stopped', async () => {
    const clock = createManualClock('2026-03-02T10:00:00Z');
    const ran: number[] = [];
    let release = () => {};
    const job = defineJob<{ n: number }>({
      name: 'test.polled',
      handle: async ({ n }) => {
        ran.push(n);
        if (n === 0) await new Promise<void>((resolve) => (release = resolve));
      },
    });
    // A minute between idle polls: every job below runs only because the loop goes on while there is work.
    const worker = createJobWorker({ db: database.db, clock, logger, definitions: [job], pollMs: 60_000 });
    for (let n = 1; n <= 12; n++) await enqueueJob(database.db, job, { n }, { runAt: clock.now() });
    worker.start();
    worker.start(); // a second start is a no-op
    await waitUntil(() => ran.length === 12);
    expect(ran.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    await worker.stop();

    // stop() waits for the job in hand, and nothing is claimed after it.
    const again = createJobWorker({ db: database.db, clock, logger, definitions: [job], pollMs: 10 });
    await enqueueJob(database.db, job, { n: 0 }, { runAt: clock.now() });
    again.start();
    await waitUntil(() => ran.includes(0));
    let stopped = false;
    const stopping = again.stop().then(() => {
      stopped = true;
    });
    await sleep(100);
    expect(stopped).toBe(false);
    release();
    await stopping;
    await enqueueJob(database.db, job, { n: 13 }, { runAt: clock.now(), singletonKey: 'test.after-stop' });
    await sleep(100);
    expect(ran).not.toContain(13);
    expect(await cancelJob(database.db, 'test.after-stop')).toBe(1);
  });

  it('stops at once when idle instead of waiting out the poll interval', async () => {
    const clock = createManualClock('2026-03-02T10:00:00Z');
    const observed = observedDatabase(database.db);
    const worker = createJobWorker({ db: observed.db, clock, logger, definitions: [], pollMs: 60_000 });
    worker.start();
    await waitUntil(() => observed.seen.statements === 1);
    const asked = Date.now();
    await worker.stop();
    expect(Date.now() - asked).toBeLessThan(1000);
  });

  it('logs a failed poll and keeps polling', async () => {
    const clock = createManualClock('2026-03-02T10:00:00Z');
    const ran: string[] = [];
    const job = defineJob<object>({ name: 'test.after-outage', handle: async () => void ran.push('ran') });
    const log = recordingLogger();
    const observed = observedDatabase(database.db);
    observed.seen.failWith = new Error('database restarting');
    const worker = createJobWorker({
      db: observed.db,
      clock,
      logger: log.logger,
      definitions: [job],
      pollMs: 10,
    });
    worker.start();
    await waitUntil(() => log.lines.length > 0);
    expect(log.lines[0]).toMatchObject({
      level: 50,
      msg: 'job polling failed',
      err: expect.objectContaining({ message: 'database restarting' }),
    });
    observed.seen.failWith = null;
    await enqueueJob(database.db, job, {}, { runAt: clock.now() });
    await waitUntil(() => ran.length === 1);
    await worker.stop();
    expect(ran).toEqual(['ran']);
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
