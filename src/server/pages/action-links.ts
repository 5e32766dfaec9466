import { and, eq, gt, isNull } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { appUrl } from '../context.js';
import type { Queryable } from '../db/client.js';
import { pageActionLinks, pages } from '../db/schema/index.js';
import { HOUR } from '../lib/clock.js';
import { conflict, notFound } from '../lib/errors.js';
import { randomSecret, sha256 } from '../lib/secrets.js';

export type PageAction = 'acknowledge' | 'resolve';

/** Long enough to answer a page from bed, short enough that an old mail is no standing key. */
export const ACTION_LINK_TTL_MS = 24 * HOUR;

/**
 * One single-use link per action for one responder. The token is 256 random bits; only its SHA-256 is stored,
 * so the table cannot be replayed, and using it marks the row in the same statement that checks it.
 */
export async function issueActionLinks(ctx: AppContext, q: Queryable, pageId: string, userId: string) {
  const expiresAt = new Date(ctx.clock.now().getTime() + ACTION_LINK_TTL_MS);
  const links = {} as Record<PageAction, string>;
  for (const action of ['acknowledge', 'resolve'] as const) {
    const token = randomSecret();
    await q.insert(pageActionLinks).values({ tokenHash: sha256(token), pageId, userId, action, expiresAt });
    links[action] = appUrl(ctx, `/page-actions/${token}`);
  }
  return { ...links, expiresAt };
}

/** What the landing page shows before the user confirms: never consumes the link (mail scanners open links). */
export async function describeActionLink(ctx: AppContext, token: string) {
  const [row] = await ctx.db
    .select({
      action: pageActionLinks.action,
      expiresAt: pageActionLinks.expiresAt,
      usedAt: pageActionLinks.usedAt,
      pageId: pages.id,
      number: pages.number,
      title: pages.title,
      status: pages.status,
    })
    .from(pageActionLinks)
    .innerJoin(pages, eq(pages.id, pageActionLinks.pageId))
    .where(eq(pageActionLinks.tokenHash, sha256(token)));
  if (!row) throw notFound('link');
  const expired = row.expiresAt <= ctx.clock.now();
  return {
    action: row.action,
    expiresAt: row.expiresAt,
    usable: !row.usedAt && !expired,
    page: { id: row.pageId, number: row.number, title: row.title, status: row.status },
  };
}

/** Marks the link used, once; 404 for an unknown token, 409 for a used or expired one. */
export async function consumeActionLink(ctx: AppContext, q: Queryable, token: string) {
  const now = ctx.clock.now();
  const [row] = await q
    .update(pageActionLinks)
    .set({ usedAt: now })
    .where(
      and(
        eq(pageActionLinks.tokenHash, sha256(token)),
        isNull(pageActionLinks.usedAt),
        gt(pageActionLinks.expiresAt, now),
      ),
    )
    .returning();
  if (row) return row;
  const [known] = await q
    .select({ usedAt: pageActionLinks.usedAt })
    .from(pageActionLinks)
    .where(eq(pageActionLinks.tokenHash, sha256(token)));
  if (!known) throw notFound('link');
  throw conflict(known.usedAt ? 'this link was already used' : 'this link has expired');
}
