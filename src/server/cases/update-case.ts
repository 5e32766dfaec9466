import { and, eq, isNull } from 'drizzle-orm';
import type { CasePriority, CaseQueue, CaseStatus } from '../../shared/cases.js';
import { isStaffRole } from '../../shared/roles.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { cases, users } from '../db/schema/index.js';
import { conflict, invalid, notFound } from '../lib/errors.js';
import { requireStaff } from './actors.js';
import { lockCase, moveStatus } from './changes.js';
import { appendCaseEvent } from './events.js';
import { syncCaseSla } from './sla-sync.js';
import { refuseStatusChange } from './status-machine.js';

export interface CaseChanges {
  status?: CaseStatus;
  priority?: CasePriority;
  assigneeUserId?: string | null;
  queue?: CaseQueue;
}

/** Staff move a case along: status (by the rules of status-machine.ts), priority, assignee and queue. */
export async function updateCase(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  caseId: string,
  changes: CaseChanges,
) {
  requireStaff(actor, 'change a case');
  return ctx.db.transaction(async (tx) => {
    let row = await lockCase(tx, partnerId, caseId);
    if (!row) throw notFound('case');
    const before = {
      status: row.status,
      priority: row.priority,
      assigneeUserId: row.assigneeUserId,
      queue: row.queue,
    };
    if (row.status === 'closed') throw conflict('a closed case is final; open a follow-up case instead');
    if (changes.status !== undefined && changes.status !== row.status) {
      const refusal = refuseStatusChange(row.status, changes.status);
      if (refusal) throw conflict(refusal);
    }
    if (changes.assigneeUserId) {
      const [assignee] = await tx
        .select({ role: users.role })
        .from(users)
        .where(and(eq(users.id, changes.assigneeUserId), isNull(users.disabledAt)));
      if (!assignee || !isStaffRole(assignee.role))
        throw invalid('assigneeUserId', 'must be an enabled staff user', 'invalid_id');
    }

    const set: Partial<typeof cases.$inferInsert> = {};
    for (const field of ['priority', 'assigneeUserId', 'queue'] as const) {
      const value = changes[field];
      if (value === undefined || value === row[field]) continue;
      const type = field === 'assigneeUserId' ? 'assignee' : field;
      await appendCaseEvent(tx, ctx.clock, { caseId, actor, type, data: { from: row[field], to: value } });
      Object.assign(set, { [field]: value });
    }
    if (Object.keys(set).length > 0) {
      const [updated] = await tx
        .update(cases)
        .set({ ...set, updatedAt: ctx.clock.now() })
        .where(eq(cases.id, caseId))
        .returning();
      if (updated) row = updated;
    }
    if (changes.status !== undefined && changes.status !== row.status)
      row = await moveStatus(ctx, tx, row, actor, changes.status);

    const after = {
      status: row.status,
      priority: row.priority,
      assigneeUserId: row.assigneeUserId,
      queue: row.queue,
    };
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await recordAudit(tx, ctx.clock, {
        actor,
        partnerId,
        action: 'case.updated',
        subjectType: 'case',
        subjectId: caseId,
        before,
        after,
      });
    }
    await syncCaseSla(ctx, tx, caseId);
    const [fresh] = await tx.select().from(cases).where(eq(cases.id, caseId));
    return fresh ?? row;
  });
}
