import { and, count, desc, eq, gt, isNull, lte } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { notifications } from '../db/schema/index.js';

type Row = typeof notifications.$inferSelect;

const present = (row: Row) => ({
  id: row.id,
  kind: row.template,
  title: row.subject,
  data: JSON.parse(row.body) as Record<string, unknown>,
  pageId: row.pageId,
  createdAt: row.createdAt,
  readAt: row.readAt,
});
export type InAppView = ReturnType<typeof present>;

const mine = (userId: string) => and(eq(notifications.channel, 'in_app'), eq(notifications.userId, userId));

/** The user's latest in-app messages and how many are unread (the badge). */
export async function inAppFeed(ctx: AppContext, userId: string, limit = 30) {
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(mine(userId))
    .orderBy(desc(notifications.id))
    .limit(limit);
  const [unread] = await ctx.db
    .select({ n: count() })
    .from(notifications)
    .where(and(mine(userId), isNull(notifications.readAt)));
  return { unread: unread?.n ?? 0, items: rows.map(present) };
}

/** Messages after the last one a stream sent, oldest first. */
export async function inAppSince(ctx: AppContext, userId: string, afterId: number) {
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(and(mine(userId), gt(notifications.id, afterId)))
    .orderBy(notifications.id)
    .limit(100);
  return rows.map(present);
}

/** The newest id now: a new stream starts after it, so it shows only what arrives from then on. */
export async function latestInAppId(ctx: AppContext, userId: string): Promise<number> {
  const [row] = await ctx.db
    .select({ id: notifications.id })
    .from(notifications)
    .where(mine(userId))
    .orderBy(desc(notifications.id))
    .limit(1);
  return row?.id ?? 0;
}

/** Marks everything up to an id read (the badge goes to zero when the user opens the list). */
export async function markInAppRead(ctx: AppContext, userId: string, upToId: number) {
  await ctx.db
    .update(notifications)
    .set({ readAt: ctx.clock.now() })
    .where(and(mine(userId), lte(notifications.id, upToId), isNull(notifications.readAt)));
  return inAppFeed(ctx, userId);
}
