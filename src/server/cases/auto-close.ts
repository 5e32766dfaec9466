import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { cases } from '../db/schema/index.js';
import { defineJob } from '../lib/jobs.js';
import { moveStatus } from './changes.js';
import { syncCaseSla } from './sla-sync.js';

interface AutoClose {
  caseId: string;
  /** The resolution this timer belongs to: reopened and resolved again since, the run is stale. */
  resolvedAt: string;
}

/** Closes a case left resolved for the configured days; a partner reply in between reopened it and cancelled this. */
export function autoCloseJob(ctx: AppContext) {
  return defineJob<AutoClose>({
    name: 'cases.auto-close',
    async handle({ caseId, resolvedAt }) {
      await ctx.db.transaction(async (tx) => {
        const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
        if (row?.status !== 'resolved' || row.resolvedAt?.toISOString() !== resolvedAt) return;
        await moveStatus(ctx, tx, row, null, 'closed');
        await syncCaseSla(ctx, tx, caseId);
      });
    },
  });
}
