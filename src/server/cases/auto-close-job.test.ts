import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { useCaseDesk } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { jobs } from '../db/schema/index.js';
import { autoCloseKey } from './changes.js';

/** The auto-close timer is a durable job row: its name is how a worker (this release or the next) finds it. */
describeEachDatabase('auto-close job', (kind) => {
  const desk = useCaseDesk(kind);
  const { t } = desk;

  it("queues a resolved case's timer as a job named cases.auto-close", async () => {
    const filed = await desk.file();
    for (const status of ['in_progress', 'resolved']) await desk.patch(filed.id, { status });
    const queued = await t.ctx.db
      .select({ name: jobs.name, status: jobs.status, runAt: jobs.runAt })
      .from(jobs)
      .where(eq(jobs.singletonKey, autoCloseKey(filed.id)));
    expect(queued.map((j) => [j.name, j.status, j.runAt.toISOString()])).toEqual([
      ['cases.auto-close', 'queued', '2026-06-22T08:00:00.000Z'],
    ]);
  });
});
