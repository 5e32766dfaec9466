import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Rows the singleton index covers: a key is unique among pending jobs only. */
export const PENDING_SINGLETON = sql`singleton_key is not null and status in ('queued', 'running')`;

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    version: integer('version').notNull().default(1),
    payload: jsonb('payload').notNull(),
    status: text('status').$type<JobStatus>().notNull().default('queued'),
    runAt: timestamp('run_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    // A second enqueue with the same key while one is pending is a no-op (timers set twice).
    singletonKey: text('singleton_key'),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('jobs_due_idx').on(t.runAt).where(sql`${t.status} = 'queued'`),
    index('jobs_status_idx').on(t.status, t.createdAt),
    uniqueIndex('jobs_singleton_idx').on(t.singletonKey).where(PENDING_SINGLETON),
  ],
);
