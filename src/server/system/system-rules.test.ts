import { expect, it } from 'vitest';
import { errorOf } from '../../../tests/support/answers.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import type { Database } from '../db/client.js';
import { type JobStatus, jobs } from '../db/schema/index.js';
import { createLogger } from '../lib/logger.js';
import { checkHealth, retryJob } from './service.js';

/** The admin's job list and retry, and the health check's answer when the database is gone. */
describeEachDatabase('system rules', (kind) => {
  const t = useTestApp(kind);

  const addJob = async (name: string, status: JobStatus, at: Date) => {
    const [job] = await t.ctx.db
      .insert(jobs)
      .values({
        name,
        payload: {},
        status,
        runAt: at,
        attempts: 5,
        maxAttempts: 5,
        lastError: status === 'failed' ? 'boom' : null,
        createdAt: at,
        finishedAt: status === 'done' || status === 'failed' ? at : null,
      })
      .returning();
    if (!job) throw new Error('job not stored');
    return job;
  };

  it('lists jobs newest first, by status when asked, 100 unless told', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    const start = t.clock.now();
    await t.ctx.db.insert(jobs).values(
      Array.from({ length: 100 }, () => ({
        name: 'test.old',
        payload: {},
        status: 'done' as const,
        runAt: start,
        createdAt: start,
        finishedAt: start,
      })),
    );
    const later = new Date(start.getTime() + 1_000);
    const failed = await addJob('test.failed', 'failed', later);
    const queued = await addJob('test.queued', 'queued', later);
    const list = async (query: string) =>
      (await admin.request({ method: 'GET', url: `/api/v1/jobs${query}` })).json() as {
        id: number;
        name: string;
      }[];

    const all = await list('');
    expect(all).toHaveLength(100);
    expect(all.slice(0, 3).map((j) => j.name)).toEqual(['test.queued', 'test.failed', 'test.old']);
    expect(await list('?status=failed')).toEqual([
      {
        id: failed.id,
        name: 'test.failed',
        status: 'failed',
        attempts: 5,
        maxAttempts: 5,
        runAt: later.toISOString(),
        lastError: 'boom',
        createdAt: later.toISOString(),
        finishedAt: later.toISOString(),
      },
    ]);
    expect((await list('?status=queued&limit=1')).map((j) => j.id)).toEqual([queued.id]);
  });

  it('puts a failed job back in the queue with fresh attempts, once, and refuses any other in words', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    const failed = await addJob('test.retry', 'failed', t.clock.now());
    const done = await addJob('test.done', 'done', t.clock.now());
    const retry = (id: number) => admin.request({ method: 'POST', url: `/api/v1/jobs/${id}/retry` });
    t.clock.advance(60_000);

    const retried = await retry(failed.id);
    expect(retried.json()).toMatchObject({
      id: failed.id,
      status: 'queued',
      attempts: 0,
      runAt: t.clock.now().toISOString(),
      finishedAt: null,
    });
    const refused = (status: string) => ({
      status: 409,
      code: 'conflict',
      message: `only failed jobs can be retried; this one is ${status}`,
    });
    expect(await errorOf(retry(failed.id))).toEqual(refused('queued'));
    expect(await errorOf(retry(done.id))).toEqual(refused('done'));
    expect(await errorOf(retry(done.id + 1_000_000))).toEqual({
      status: 404,
      code: 'not_found',
      message: 'job not found',
    });
  });

  it('retries a failed job once when two retries race: the other is refused as a conflict, not answered empty', async () => {
    const failed = await addJob('test.raced', 'failed', t.clock.now());
    const outcomes = await Promise.allSettled([retryJob(t.ctx, failed.id), retryJob(t.ctx, failed.id)]);
    const done = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(done).toEqual([expect.objectContaining({ id: failed.id, status: 'queued', attempts: 0 })]);
    // Both read it failed before either wrote (so it is on PGlite, queries queued in call order), or the
    // second read it queued already.
    expect(refused).toEqual([
      expect.objectContaining({
        code: 'conflict',
        message: expect.stringMatching(
          /^(job changed meanwhile; reload|only failed jobs can be retried; this one is queued)$/,
        ),
      }),
    ]);
  });

  it('answers down, and logs why, when the database does not answer', async () => {
    const lines: string[] = [];
    const logger = createLogger({ logLevel: 'info' }, { write: (line) => lines.push(line) });
    const unreachable = {
      execute: () => Promise.reject(new Error('connection refused')),
    } as unknown as Database;
    expect(await checkHealth({ ...t.ctx, db: unreachable, logger })).toEqual({ ok: false, database: 'down' });
    const [entry] = lines.map((line) => JSON.parse(line));
    expect(entry).toMatchObject({
      level: 50,
      msg: 'health check: database unreachable',
      err: { message: 'connection refused' },
    });
  });
});
