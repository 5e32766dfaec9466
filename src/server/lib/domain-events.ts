import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { domainEvents } from '../db/schema/index.js';
import type { Clock } from './clock.js';

export interface DomainEvent {
  type: string;
  /** Unique per fact: a second record of the same fact is refused, which is what makes it happen once. */
  dedupKey: string;
  subjectId: string;
  payload: Record<string, unknown>;
}

/**
 * Records a fact in the outbox, in the caller's transaction, for another capability to act on later (the seam
 * between cases and on-call). Returns false when the fact was already recorded.
 */
export async function recordDomainEvent(q: Queryable, clock: Clock, event: DomainEvent): Promise<boolean> {
  const rows = await q
    .insert(domainEvents)
    .values({ ...event, createdAt: clock.now() })
    .onConflictDoNothing({ target: domainEvents.dedupKey })
    .returning({ id: domainEvents.id });
  return rows.length > 0;
}

/** The facts of a type no consumer has marked done yet, oldest first. */
export function pendingDomainEvents(q: Queryable, type: string, limit = 100) {
  return q
    .select()
    .from(domainEvents)
    .where(and(eq(domainEvents.type, type), isNull(domainEvents.consumedAt)))
    .orderBy(asc(domainEvents.id))
    .limit(limit);
}
