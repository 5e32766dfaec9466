import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database, Queryable } from '../db/client.js';
import { domainEvents } from '../db/schema/index.js';
import type { Clock } from './clock.js';
import { defineJob, enqueueJob } from './jobs.js';

export interface DomainEvent {
  type: string;
  /** Unique per fact: a second record of the same fact is refused, which is what makes it happen once. */
  dedupKey: string;
  subjectId: string;
  payload: Record<string, unknown>;
}

const DELIVER = { name: 'domain-events.deliver', version: 1, maxAttempts: 10 };

/**
 * Records a fact in the outbox, in the caller's transaction, for another capability to act on later (the seam
 * between cases and on-call), and queues its delivery in the same transaction, so the consumer runs within a
 * poll of the commit. Returns false when the fact was already recorded.
 */
export async function recordDomainEvent(q: Queryable, clock: Clock, event: DomainEvent): Promise<boolean> {
  const rows = await q
    .insert(domainEvents)
    .values({ ...event, createdAt: clock.now() })
    .onConflictDoNothing({ target: domainEvents.dedupKey })
    .returning({ id: domainEvents.id });
  const [row] = rows;
  if (!row) return false;
  await enqueueJob(q, DELIVER, { eventId: row.id }, { runAt: clock.now() });
  return true;
}

export type DomainEventRow = typeof domainEvents.$inferSelect;
/** Acts on one fact inside the transaction that marks it consumed: both happen, or neither. */
export type DomainEventConsumer = (tx: Queryable, event: DomainEventRow) => Promise<void>;

/** Hands each recorded fact to the consumer of its type, once: the event row's lock and `consumedAt` see to it. */
export function deliverDomainEventJob(
  db: Database,
  clock: Clock,
  consumers: Record<string, DomainEventConsumer>,
) {
  return defineJob<{ eventId: number }>({
    ...DELIVER,
    async handle({ eventId }) {
      await db.transaction(async (tx) => {
        const [event] = await tx
          .select()
          .from(domainEvents)
          .where(eq(domainEvents.id, eventId))
          .for('update');
        if (!event || event.consumedAt) return;
        const consume = consumers[event.type];
        if (!consume) return;
        await consume(tx, event);
        await tx.update(domainEvents).set({ consumedAt: clock.now() }).where(eq(domainEvents.id, eventId));
      });
    },
  });
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
