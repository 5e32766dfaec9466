import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { isUuid } from '../auth/tenancy.js';
import type { Queryable } from '../db/client.js';
import { pageEvents, pages } from '../db/schema/index.js';
import type { Clock } from '../lib/clock.js';
import { notFound } from '../lib/errors.js';

export type PageRow = typeof pages.$inferSelect;

/**
 * Takes the page's row lock for the rest of the transaction. Every change to a page (acknowledge, resolve,
 * an escalation step, a delayed notification) runs under it, so they happen one after another and each sees
 * what the one before it did: a resolved page never re-triggers or notifies because of a racing step.
 */
export async function lockPage(q: Queryable, id: string): Promise<PageRow> {
  const row = await lockPageIfAny(q, id);
  if (!row) throw notFound('page');
  return row;
}

/** The same lock for timers, which find nothing to do when the page is gone. */
export async function lockPageIfAny(q: Queryable, id: string): Promise<PageRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await q.select().from(pages).where(eq(pages.id, id)).for('update');
  return row ?? null;
}

/** A new escalation run: timers of the old one find another id on the page and do nothing. */
export const newRunId = (): string => randomUUID();

export interface PageEventInput {
  pageId: string;
  type: string;
  /** The user who did it; none for the system and integrations. */
  actorId?: string | null;
  userId?: string | null;
  notificationId?: number | null;
  detail?: Record<string, unknown>;
}

export async function appendPageEvent(q: Queryable, clock: Clock, event: PageEventInput): Promise<void> {
  await q.insert(pageEvents).values({
    pageId: event.pageId,
    type: event.type,
    actorId: event.actorId ?? null,
    userId: event.userId ?? null,
    notificationId: event.notificationId ?? null,
    detail: event.detail ?? {},
    at: clock.now(),
  });
}
