import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { jobs } from '../db/schema/index.js';
import { HOUR } from '../lib/clock.js';

const DAY = 24 * HOUR;

import { schedulePrune } from './jobs.js';

/** Hourly housekeeping keeps recurring (a run once re-used its own still-held key, so the next hour was dropped). */
describeEachDatabase('prune', (kind) => {
  const t = useTestApp(kind);

  it('runs every hour from the start, one chain however often it is scheduled, and drops week-old finished jobs', async () => {
    t.clock.set('2027-01-04T09:20:00Z');
    await t.ctx.db.insert(jobs).values({
      name: 'old.finished',
      payload: {},
      status: 'done',
      runAt: new Date(t.clock.now().getTime() - 8 * DAY),
      createdAt: new Date(t.clock.now().getTime() - 8 * DAY),
      finishedAt: new Date(t.clock.now().getTime() - 8 * DAY),
    });
    await schedulePrune(t.ctx);
    await schedulePrune(t.ctx);
    await t.worker.runDue();
    expect(await t.ctx.db.select().from(jobs).where(eq(jobs.name, 'old.finished'))).toEqual([]);
    for (const hour of ['10:00', '11:00', '12:00']) {
      const queued = (await t.ctx.db.select().from(jobs).where(eq(jobs.name, 'system.prune'))).filter(
        (j) => j.status === 'queued',
      );
      expect(queued.map((j) => j.runAt)).toEqual([new Date(`2027-01-04T${hour}:00Z`)]);
      t.clock.advance(HOUR);
      await t.worker.runDue();
    }
  });

  it('drops only done jobs finished more than a week before the run', async () => {
    t.clock.set('2027-02-01T00:00:00Z');
    const at = (msBefore: number) => new Date(t.clock.now().getTime() - msBefore);
    const finished = (name: string, status: 'done' | 'failed', msBefore: number) => ({
      name,
      payload: {},
      status,
      runAt: at(msBefore),
      createdAt: at(msBefore),
      finishedAt: at(msBefore),
    });
    await t.ctx.db
      .insert(jobs)
      .values([
        finished('prune.week-and-a-bit', 'done', 7 * DAY + 1),
        finished('prune.exactly-a-week', 'done', 7 * DAY),
        finished('prune.an-hour', 'done', HOUR),
        finished('prune.failed-long-ago', 'failed', 30 * DAY),
      ]);
    await schedulePrune(t.ctx);
    await t.worker.runDue();
    const left = (await t.ctx.db.select().from(jobs))
      .map((j) => j.name)
      .filter((n) => n.startsWith('prune.'));
    expect(left.sort()).toEqual(['prune.an-hour', 'prune.exactly-a-week', 'prune.failed-long-ago']);
  });
});
