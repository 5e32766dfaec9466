import { asc, eq } from 'drizzle-orm';
import type { CaseEventType } from '../../shared/cases.js';
import { type Actor, actorLabel } from '../auth/actor.js';
import type { Queryable } from '../db/client.js';
import { caseEvents } from '../db/schema/index.js';
import type { Clock } from '../lib/clock.js';

export type CaseEventRow = typeof caseEvents.$inferSelect;

/** Who acted on a case: a user, an API token, or null for the system (SLA timers, auto-close). */
export type CaseActor = Actor | null;

/** The name people see: a user's display name rather than their address. */
export function actorNameOf(actor: CaseActor): string {
  return actor?.kind === 'user' ? actor.user.name : actorLabel(actor);
}

/** Appends to the case's log, in the caller's transaction. The log is never updated or deleted from. */
export async function appendCaseEvent(
  q: Queryable,
  clock: Clock,
  event: {
    caseId: string;
    actor: CaseActor;
    type: CaseEventType;
    data?: Record<string, unknown>;
    internal?: boolean;
  },
): Promise<CaseEventRow> {
  const [row] = await q
    .insert(caseEvents)
    .values({
      caseId: event.caseId,
      type: event.type,
      actorUserId: event.actor?.kind === 'user' ? event.actor.user.id : null,
      actorName: actorNameOf(event.actor),
      internal: event.internal ?? false,
      data: event.data ?? {},
      at: clock.now(),
    })
    .returning();
  if (!row) throw new Error('case event insert returned nothing');
  return row;
}

export function caseEventsOf(q: Queryable, caseId: string): Promise<CaseEventRow[]> {
  return q.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id));
}
