import { asc, eq } from 'drizzle-orm';
import type { PartnerRole } from '../../shared/roles.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { users } from '../db/schema/index.js';
import { changeAccount, userColumns } from '../users/accounts.js';

export function listMembers(ctx: AppContext, partnerId: string) {
  return ctx.db
    .select(userColumns)
    .from(users)
    .where(eq(users.partnerId, partnerId))
    .orderBy(asc(users.name));
}

/** The partner keeps an enabled partner admin (changeAccount), however many admins act at once. */
export async function changeMemberRole(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  userId: string,
  role: PartnerRole,
) {
  return ctx.db.transaction(async (tx) => {
    const { before, after } = await changeAccount(ctx, tx, userId, { role }, { partnerId });
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId,
      action: 'member.role_changed',
      subjectType: 'user',
      subjectId: userId,
      before: { email: before.email, role: before.role },
      after: { email: before.email, role },
    });
    return after;
  });
}

/** Removing a member deletes the account, which ends all of its sessions. */
export async function removeMember(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  userId: string,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { before } = await changeAccount(ctx, tx, userId, { remove: true }, { partnerId });
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId,
      action: 'member.removed',
      subjectType: 'user',
      subjectId: userId,
      before: { email: before.email, role: before.role },
    });
  });
}
