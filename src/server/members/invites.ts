import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Locale } from '../../shared/locales.js';
import { isStaffRole, type PartnerRole } from '../../shared/roles.js';
import { recordAudit } from '../audit/service.js';
import { type Actor, actorLabel } from '../auth/actor.js';
import { createSession, toSessionUser } from '../auth/sessions.js';
import { type AppContext, appUrl } from '../context.js';
import type { Queryable } from '../db/client.js';
import { invites, partners, users } from '../db/schema/index.js';
import { conflict, notFound } from '../lib/errors.js';
import { randomSecret, sha256 } from '../lib/secrets.js';
import { mailDelivery, queueEmail } from '../notifications/service.js';
import { formatMoment, translate } from '../notifications/templates.js';
import { insertUser } from '../users/service.js';

export const INVITE_LIFETIME_MS = 7 * 24 * 3_600_000;

const inviteColumns = {
  id: invites.id,
  partnerId: invites.partnerId,
  email: invites.email,
  role: invites.role,
  expiresAt: invites.expiresAt,
  createdAt: invites.createdAt,
};

/**
 * Creates an invite in the caller's transaction and mails the link. The link carries 256 random bits;
 * only their hash is stored, it works once, and a newer invite to the same address replaces older ones.
 *
 * When a partner's admin invites an address that has an account elsewhere, the answer, the pending
 * invite and the audit row are those of any invite, so they cannot probe which addresses have accounts;
 * its link is never sent, and the owner is told instead that someone tried, in their own language.
 */
export async function createInvite(
  ctx: AppContext,
  q: Queryable,
  actor: Actor,
  input: { partnerId: string; email: string; role: PartnerRole; locale: Locale },
) {
  const email = input.email.trim().toLowerCase();
  const now = ctx.clock.now();
  const [account] = await q
    .select({ partnerId: users.partnerId, locale: users.locale })
    .from(users)
    .where(eq(users.email, email));
  // Nothing to hide from whoever may invite here: they can list this partner's members, and staff
  // manage every account (a lead conversion then stops rather than invite a partner admin in vain).
  if (account?.partnerId === input.partnerId) throw conflict(`${email} is already a member`);
  if (account && actor.kind === 'user' && isStaffRole(actor.user.role)) {
    throw conflict(`${email} already has a Switchboard account`);
  }
  const [partner] = await q
    .select({ name: partners.name })
    .from(partners)
    .where(eq(partners.id, input.partnerId));
  if (!partner) throw notFound('partner');
  await q
    .update(invites)
    .set({ revokedAt: now })
    .where(
      and(
        eq(invites.partnerId, input.partnerId),
        eq(invites.email, email),
        isNull(invites.acceptedAt),
        isNull(invites.revokedAt),
      ),
    );
  const token = randomSecret();
  const expiresAt = new Date(now.getTime() + INVITE_LIFETIME_MS);
  const [invite] = await q
    .insert(invites)
    .values({
      partnerId: input.partnerId,
      email,
      role: input.role,
      tokenHash: sha256(token),
      expiresAt,
      invitedByUserId: actor.kind === 'user' ? actor.user.id : null,
      createdAt: now,
    })
    .returning(inviteColumns);
  if (!invite) throw new Error('invite insert returned nothing');
  await recordAudit(q, ctx.clock, {
    actor,
    partnerId: input.partnerId,
    action: 'member.invited',
    subjectType: 'invite',
    subjectId: invite.id,
    after: { email, role: input.role },
  });
  const inviter = actor.kind === 'user' ? actor.user.name : actorLabel(actor);
  if (account) {
    await queueEmail(ctx, q, {
      partnerId: input.partnerId,
      to: email,
      locale: account.locale,
      template: 'invite_existing_account',
      params: { partner: partner.name, inviter },
    });
    return invite;
  }
  await queueEmail(ctx, q, {
    partnerId: input.partnerId,
    to: email,
    locale: input.locale,
    template: 'invite',
    params: {
      partner: partner.name,
      inviter,
      role: translate(input.locale, `roles.${input.role}`),
      link: appUrl(ctx, `/invite/${token}`),
      expires: formatMoment(input.locale, expiresAt),
    },
  });
  return invite;
}

/**
 * A partner admin (or platform admin) inviting someone to the organisation; `delivery` says whether the link
 * goes out by email or waits in the outbox (no SMTP_URL), so the inviter is not told it was sent when it was not.
 */
export async function inviteMember(
  ctx: AppContext,
  actor: Actor,
  input: { partnerId: string; email: string; role: PartnerRole; locale: Locale },
) {
  const invite = await ctx.db.transaction((tx) => createInvite(ctx, tx, actor, input));
  return { ...invite, delivery: mailDelivery(ctx) };
}

const pending = (ctx: AppContext) =>
  and(isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, ctx.clock.now()));

export function listPendingInvites(ctx: AppContext, partnerId: string) {
  return ctx.db
    .select(inviteColumns)
    .from(invites)
    .where(and(eq(invites.partnerId, partnerId), pending(ctx)))
    .orderBy(desc(invites.createdAt));
}

export async function revokeInvite(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  inviteId: string,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [invite] = await tx
      .update(invites)
      .set({ revokedAt: ctx.clock.now() })
      .where(
        and(
          eq(invites.id, inviteId),
          eq(invites.partnerId, partnerId),
          isNull(invites.acceptedAt),
          isNull(invites.revokedAt),
        ),
      )
      .returning(inviteColumns);
    if (!invite) throw notFound('invite');
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId,
      action: 'member.invite_revoked',
      subjectType: 'invite',
      subjectId: inviteId,
      before: { email: invite.email, role: invite.role },
    });
  });
}

/** What the invitee sees before choosing a password; 404 once used, revoked or expired. */
export async function describeInvite(ctx: AppContext, token: string) {
  const [invite] = await ctx.db
    .select({
      email: invites.email,
      role: invites.role,
      expiresAt: invites.expiresAt,
      partnerName: partners.name,
    })
    .from(invites)
    .innerJoin(partners, eq(partners.id, invites.partnerId))
    .where(and(eq(invites.tokenHash, sha256(token)), pending(ctx)));
  if (!invite) throw notFound('invitation');
  return invite;
}

/** Creates the account and signs the new member in; the invite row is locked so a link works exactly once. */
export async function acceptInvite(
  ctx: AppContext,
  token: string,
  input: { name: string; password: string; locale?: Locale },
  meta: { ip: string; userAgent: string | null },
) {
  return ctx.db.transaction(async (tx) => {
    const [invite] = await tx
      .select()
      .from(invites)
      .where(and(eq(invites.tokenHash, sha256(token)), pending(ctx)))
      .for('update');
    if (!invite) throw notFound('invitation');
    const user = await insertUser(ctx, tx, {
      email: invite.email,
      name: input.name,
      role: invite.role,
      partnerId: invite.partnerId,
      password: input.password,
      locale: input.locale,
    });
    await tx.update(invites).set({ acceptedAt: ctx.clock.now() }).where(eq(invites.id, invite.id));
    await recordAudit(tx, ctx.clock, {
      actor: { kind: 'user', user },
      partnerId: invite.partnerId,
      action: 'member.joined',
      subjectType: 'user',
      subjectId: user.id,
      after: { email: user.email, role: user.role },
    });
    const session = await createSession(ctx, tx, user.id, meta);
    return { user: toSessionUser({ ...user, contactsPromptedAt: null }), ...session };
  });
}
