import { bigserial, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The outbox: facts one capability records for others to act on (`case.urgent_confirmed` → on-call), written
 * in the transaction of the change. `dedupKey` makes a fact that must happen once a unique row.
 */
export const domainEvents = pgTable('domain_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  type: text('type').notNull(),
  dedupKey: text('dedup_key').notNull().unique(),
  subjectId: text('subject_id').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  /** Set by the consumer once it has acted; null rows are its backlog. */
  consumedAt: timestamp('consumed_at', { withTimezone: true }),
});
