import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { isUuid } from '../../auth/tenancy.js';
import type { Queryable } from '../../db/client.js';
import { healthEscalationEvents, healthEscalations } from '../../db/schema/index.js';
import type { Clock } from '../../lib/clock.js';
import { notFound } from '../../lib/errors.js';

export type EscalationRow = typeof healthEscalations.$inferSelect;

/**
 * Every notice timer of an escalation has a key under `health-escalation:<id>:` naming its plan and minute, so
 * acknowledging or resolving drops them all in one delete, and a timer of a replaced plan finds another planId.
 */
export const noticeTimersKey = (escalationId: string) => `health-escalation:${escalationId}:`;
export const noticeKey = (escalationId: string, planId: string, minute: number) =>
  `${noticeTimersKey(escalationId)}${planId}:${minute}`;

export const newPlanId = (): string => randomUUID();

/**
 * Takes the escalation's row lock for the rest of the transaction: the evaluator, the notice timers and the
 * people acting on it change it one after another, each seeing what the one before did.
 */
export async function lockEscalationIfAny(q: Queryable, id: string): Promise<EscalationRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await q.select().from(healthEscalations).where(eq(healthEscalations.id, id)).for('update');
  return row ?? null;
}

/** The lock, for a request naming the partner: another partner's escalation is a 404. */
export async function lockPartnerEscalation(
  q: Queryable,
  partnerId: string,
  id: string,
): Promise<EscalationRow> {
  const row = await lockEscalationIfAny(q, id);
  if (!row || row.partnerId !== partnerId) throw notFound('escalation');
  return row;
}

export async function updateEscalation(
  q: Queryable,
  clock: Clock,
  id: string,
  change: Partial<typeof healthEscalations.$inferInsert>,
): Promise<EscalationRow> {
  const [row] = await q
    .update(healthEscalations)
    .set({ ...change, updatedAt: clock.now() })
    .where(eq(healthEscalations.id, id))
    .returning();
  if (!row) throw new Error('escalation vanished under its lock');
  return row;
}

export interface EscalationEventInput {
  escalationId: string;
  type: string;
  actorId?: string | null;
  contactId?: string | null;
  detail?: Record<string, unknown>;
}

export async function appendEscalationEvent(
  q: Queryable,
  clock: Clock,
  event: EscalationEventInput,
): Promise<void> {
  await q.insert(healthEscalationEvents).values({
    escalationId: event.escalationId,
    type: event.type,
    actorId: event.actorId ?? null,
    contactId: event.contactId ?? null,
    detail: event.detail ?? {},
    at: clock.now(),
  });
}

/** The first timeline event of one of these types whose detail contains `match`, or null. */
export async function findEscalationEvent(
  q: Queryable,
  escalationId: string,
  types: readonly string[],
  match: Record<string, unknown>,
): Promise<{ id: number; detail: Record<string, unknown> } | null> {
  const [row] = await q
    .select({ id: healthEscalationEvents.id, detail: healthEscalationEvents.detail })
    .from(healthEscalationEvents)
    .where(
      and(
        eq(healthEscalationEvents.escalationId, escalationId),
        inArray(healthEscalationEvents.type, [...types]),
        sql`${healthEscalationEvents.detail} @> ${JSON.stringify(match)}::jsonb`,
      ),
    )
    .orderBy(healthEscalationEvents.id)
    .limit(1);
  return row ?? null;
}
