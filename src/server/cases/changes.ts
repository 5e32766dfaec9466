import { and, eq } from 'drizzle-orm';
import type { CaseStatus } from '../../shared/cases.js';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { cases } from '../db/schema/index.js';
import { HOUR } from '../lib/clock.js';
import { cancelJob, enqueueJob } from '../lib/jobs.js';
import { autoCloseJob } from './auto-close.js';
import { appendCaseEvent, type CaseActor } from './events.js';
import { mailAboutCase, partnerRecipients } from './notify.js';

export type CaseRow = typeof cases.$inferSelect;

/** The case, locked for the rest of the transaction: every change to a case goes through its row lock. */
export async function lockCase(
  tx: Queryable,
  partnerId: string,
  caseId: string,
): Promise<CaseRow | undefined> {
  const [row] = await tx
    .select()
    .from(cases)
    .where(and(eq(cases.id, caseId), eq(cases.partnerId, partnerId)))
    .for('update');
  return row;
}

export const autoCloseKey = (caseId: string) => `cases:auto-close:${caseId}`;

/**
 * Moves the case to `to` (the caller checked the move is allowed), logs it, and does what the new status implies:
 * a resolved case closes itself after the configured days unless the partner replies; the partner hears when
 * the case waits on them or is resolved.
 */
export async function moveStatus(
  ctx: AppContext,
  tx: Queryable,
  row: CaseRow,
  actor: CaseActor,
  to: CaseStatus,
): Promise<CaseRow> {
  const event = await appendCaseEvent(tx, ctx.clock, {
    caseId: row.id,
    actor,
    type: 'status',
    data: { from: row.status, to },
  });
  const now = event.at;
  const [moved] = await tx
    .update(cases)
    .set({ status: to, updatedAt: now, closedAt: to === 'closed' ? now : null })
    .where(eq(cases.id, row.id))
    .returning();
  if (!moved) throw new Error('case vanished while locked');
  await cancelJob(tx, autoCloseKey(row.id));
  const days = ctx.config.caseAutoCloseDays;
  if (to === 'resolved') {
    await enqueueJob(
      tx,
      autoCloseJob(ctx),
      { caseId: row.id, resolvedAt: now.toISOString() },
      { runAt: new Date(now.getTime() + days * 24 * HOUR), singletonKey: autoCloseKey(row.id) },
    );
    await mailAboutCase(ctx, tx, moved, await partnerRecipients(tx, moved), 'case_resolved', {
      days: String(days),
    });
  }
  if (to === 'waiting_on_partner')
    await mailAboutCase(ctx, tx, moved, await partnerRecipients(tx, moved), 'case_waiting');
  return moved;
}
