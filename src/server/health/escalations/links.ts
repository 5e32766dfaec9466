import { and, eq, gt, isNull } from 'drizzle-orm';
import { type AppContext, appUrl } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { healthEscalationLinks, healthEscalations, partners } from '../../db/schema/index.js';
import { HOUR } from '../../lib/clock.js';
import { conflict, notFound } from '../../lib/errors.js';
import { randomSecret, sha256 } from '../../lib/secrets.js';

/** A week: an escalation may sit in an inbox over a weekend; after that the Health page is the way in. */
export const ESCALATION_LINK_TTL_MS = 7 * 24 * HOUR;

/**
 * One single-use acknowledge link per contact and notice. The token is 256 random bits; only its SHA-256 is
 * stored, so the table cannot be replayed, and using it marks the row in the same statement that checks it.
 */
export async function issueEscalationLink(
  ctx: AppContext,
  q: Queryable,
  escalationId: string,
  contactId: string,
): Promise<{ url: string; expiresAt: Date }> {
  const token = randomSecret();
  const expiresAt = new Date(ctx.clock.now().getTime() + ESCALATION_LINK_TTL_MS);
  await q
    .insert(healthEscalationLinks)
    .values({ tokenHash: sha256(token), escalationId, contactId, expiresAt });
  return { url: appUrl(ctx, `/escalation-links/${token}`), expiresAt };
}

/** What the landing page shows before the contact confirms: never consumes the link (mail scanners open links). */
export async function describeEscalationLink(ctx: AppContext, token: string) {
  const [row] = await ctx.db
    .select({
      expiresAt: healthEscalationLinks.expiresAt,
      usedAt: healthEscalationLinks.usedAt,
      id: healthEscalations.id,
      number: healthEscalations.number,
      area: healthEscalations.area,
      severity: healthEscalations.severity,
      status: healthEscalations.status,
      partnerName: partners.name,
    })
    .from(healthEscalationLinks)
    .innerJoin(healthEscalations, eq(healthEscalations.id, healthEscalationLinks.escalationId))
    .innerJoin(partners, eq(partners.id, healthEscalations.partnerId))
    .where(eq(healthEscalationLinks.tokenHash, sha256(token)));
  if (!row) throw notFound('link');
  const { expiresAt, usedAt, ...escalation } = row;
  return {
    action: 'acknowledge',
    expiresAt,
    usable: !usedAt && expiresAt > ctx.clock.now() && escalation.status === 'open',
    escalation,
  };
}

/** Marks the link used, once; 404 for an unknown token, 409 for a used or expired one. */
export async function consumeEscalationLink(ctx: AppContext, q: Queryable, token: string) {
  const now = ctx.clock.now();
  const [row] = await q
    .update(healthEscalationLinks)
    .set({ usedAt: now })
    .where(
      and(
        eq(healthEscalationLinks.tokenHash, sha256(token)),
        isNull(healthEscalationLinks.usedAt),
        gt(healthEscalationLinks.expiresAt, now),
      ),
    )
    .returning();
  if (row) return row;
  const [known] = await q
    .select({ usedAt: healthEscalationLinks.usedAt })
    .from(healthEscalationLinks)
    .where(eq(healthEscalationLinks.tokenHash, sha256(token)));
  if (!known) throw notFound('link');
  throw conflict(known.usedAt ? 'this link was already used' : 'this link has expired');
}
