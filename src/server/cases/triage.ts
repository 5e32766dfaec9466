import { eq } from 'drizzle-orm';
import type { CasePriority, TriageDecision } from '../../shared/cases.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { cases } from '../db/schema/index.js';
import { recordDomainEvent } from '../lib/domain-events.js';
import { conflict, invalid, notFound } from '../lib/errors.js';
import { requireTriager } from './actors.js';
import { type CaseRow, lockCase, moveStatus } from './changes.js';
import { appendCaseEvent } from './events.js';
import { dueParam, mailAboutCase, partnerRecipients } from './notify.js';
import { syncCaseSla } from './sla-sync.js';

export const URGENT_CONFIRMED = 'case.urgent_confirmed';

export interface TriageInput {
  decision: TriageDecision;
  /** Required to downgrade: the partner is told it. */
  reason?: string;
  /** Where a downgraded case lands; normal unless triage says high. */
  priority?: Extract<CasePriority, 'high' | 'normal'>;
}

const FINISHED = new Set(['resolved', 'closed']);

/**
 * Triage's decision on an urgent case. Confirm: urgent priority, on-call engineering, the 24/7 policy and the
 * `case.urgent_confirmed` fact for on-call, exactly once per case. Downgrade: a normal technical case in partner
 * support hours, with the reason told to the partner. Confirm works from any unfinished status, so staff can
 * escalate a case filed as normal.
 */
export async function triageCase(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  caseId: string,
  input: TriageInput,
) {
  requireTriager(actor);
  const reason = input.decision === 'downgrade' ? input.reason?.trim() : undefined;
  if (input.decision === 'downgrade' && !reason)
    throw invalid('reason', 'is required to downgrade: the partner is told why', 'required');
  return ctx.db.transaction(async (tx) => {
    const row = await lockCase(tx, partnerId, caseId);
    if (!row) throw notFound('case');
    const before = { status: row.status, category: row.category, priority: row.priority, queue: row.queue };
    const decided =
      input.decision === 'confirm'
        ? await confirmUrgency(ctx, tx, actor, row)
        : await downgrade(ctx, tx, actor, row, input.priority ?? 'normal');
    await appendCaseEvent(tx, ctx.clock, {
      caseId,
      actor,
      type: 'triaged',
      data: { decision: input.decision, ...(reason ? { reason } : {}) },
    });
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId,
      action: input.decision === 'confirm' ? 'case.urgency_confirmed' : 'case.downgraded',
      subjectType: 'case',
      subjectId: caseId,
      before,
      after: {
        status: decided.status,
        category: decided.category,
        priority: decided.priority,
        queue: decided.queue,
        ...(reason ? { reason } : {}),
      },
    });
    const sla = await syncCaseSla(ctx, tx, caseId);
    await mailAboutCase(
      ctx,
      tx,
      decided,
      await partnerRecipients(tx, decided),
      input.decision === 'confirm' ? 'case_triage_confirmed' : 'case_triage_downgraded',
      (r) => ({ ...dueParam(r, sla?.firstResponseDueAt ?? null), reason: reason ?? '' }),
    );
    const [fresh] = await tx.select().from(cases).where(eq(cases.id, caseId));
    return fresh ?? decided;
  });
}

async function confirmUrgency(ctx: AppContext, tx: Queryable, actor: Actor, row: CaseRow): Promise<CaseRow> {
  if (FINISHED.has(row.status))
    throw conflict(`a ${row.status} case cannot be confirmed as urgent; open a new case`);
  const recorded = await recordDomainEvent(tx, ctx.clock, {
    type: URGENT_CONFIRMED,
    dedupKey: `${URGENT_CONFIRMED}:${row.id}`,
    subjectId: row.id,
    payload: { caseId: row.id, partnerId: row.partnerId, number: row.number, subject: row.subject },
  });
  if (!recorded) throw conflict('this case is already confirmed as urgent');
  return applyTriage(ctx, tx, actor, row, {
    category: 'urgent_technical_support',
    priority: 'urgent',
    queue: 'oncall_engineering',
  });
}

async function downgrade(
  ctx: AppContext,
  tx: Queryable,
  actor: Actor,
  row: CaseRow,
  priority: 'high' | 'normal',
): Promise<CaseRow> {
  if (row.status !== 'triage')
    throw conflict(`only a case in triage can be downgraded; this one is ${row.status}`);
  return applyTriage(ctx, tx, actor, row, {
    category: 'technical_support',
    priority,
    queue: 'partner_support',
  });
}

async function applyTriage(
  ctx: AppContext,
  tx: Queryable,
  actor: Actor,
  row: CaseRow,
  set: Pick<CaseRow, 'category' | 'priority' | 'queue'>,
): Promise<CaseRow> {
  for (const field of ['category', 'priority', 'queue'] as const) {
    if (set[field] !== row[field])
      await appendCaseEvent(tx, ctx.clock, {
        caseId: row.id,
        actor,
        type: field,
        data: { from: row[field], to: set[field] },
      });
  }
  const [updated] = await tx
    .update(cases)
    .set({ ...set, updatedAt: ctx.clock.now() })
    .where(eq(cases.id, row.id))
    .returning();
  if (!updated) throw new Error('case vanished while locked');
  // Triage leaves the case open in its new queue, where its new owners pick it up.
  return updated.status === 'open' ? updated : moveStatus(ctx, tx, updated, actor, 'open');
}
