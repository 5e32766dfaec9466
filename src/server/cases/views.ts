import { and, asc, eq } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { isUuid } from '../auth/tenancy.js';
import type { AppContext } from '../context.js';
import { caseViews } from '../db/schema/index.js';
import { notFound } from '../lib/errors.js';
import type { QueueFilters } from './queue.js';

/** A staff user's saved queue filters, in the order they were saved. */
const ownerOf = (actor: Actor) => (actor.kind === 'user' ? actor.user.id : '');

export function listCaseViews(ctx: AppContext, actor: Actor) {
  const userId = ownerOf(actor);
  return ctx.db
    .select()
    .from(caseViews)
    .where(eq(caseViews.userId, userId))
    .orderBy(asc(caseViews.createdAt));
}

export async function saveCaseView(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; filters: QueueFilters },
) {
  const userId = ownerOf(actor);
  const [view] = await ctx.db
    .insert(caseViews)
    .values({ userId, name: input.name, filters: { ...input.filters }, createdAt: ctx.clock.now() })
    .returning();
  if (!view) throw new Error('view insert returned nothing');
  return view;
}

/** Only the owner's own views: another user's view id is not found. */
export async function deleteCaseView(ctx: AppContext, actor: Actor, viewId: string) {
  if (!isUuid(viewId)) throw notFound('view');
  const userId = ownerOf(actor);
  const deleted = await ctx.db
    .delete(caseViews)
    .where(and(eq(caseViews.id, viewId), eq(caseViews.userId, userId)))
    .returning({ id: caseViews.id });
  if (deleted.length === 0) throw notFound('view');
}
