import { and, eq } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { caseSubscribers } from '../db/schema/index.js';
import { forbidden, notFound } from '../lib/errors.js';
import { lockCase } from './changes.js';

/**
 * A member of the partner follows a case (gets its mail as the requester does) or stops following it. Only
 * people of the case's partner subscribe: staff hear through assignment and queues, tokens have no inbox.
 */
export async function setSubscription(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  caseId: string,
  subscribed: boolean,
): Promise<{ subscribed: boolean }> {
  if (actor.kind !== 'user' || actor.user.partnerId !== partnerId)
    throw forbidden('only members of the partner can follow its cases');
  const userId = actor.user.id;
  return ctx.db.transaction(async (tx) => {
    if (!(await lockCase(tx, partnerId, caseId))) throw notFound('case');
    if (subscribed) await tx.insert(caseSubscribers).values({ caseId, userId }).onConflictDoNothing();
    else
      await tx
        .delete(caseSubscribers)
        .where(and(eq(caseSubscribers.caseId, caseId), eq(caseSubscribers.userId, userId)));
    return { subscribed };
  });
}

export async function isSubscribed(ctx: AppContext, actor: Actor, caseId: string): Promise<boolean> {
  if (actor.kind !== 'user') return false;
  const rows = await ctx.db
    .select({ userId: caseSubscribers.userId })
    .from(caseSubscribers)
    .where(and(eq(caseSubscribers.caseId, caseId), eq(caseSubscribers.userId, actor.user.id)));
  return rows.length > 0;
}
