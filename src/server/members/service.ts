import { and, asc, count, eq } from 'drizzle-orm';
import type { PartnerRole } from '../../shared/roles.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Transaction } from '../db/client.js';
import { partners, users } from '../db/schema/index.js';
import { conflict, notFound } from '../lib/errors.js';
import { userColumns } from '../users/service.js';

export function listMembers(ctx: AppContext, partnerId: string) {
  return ctx.db
    .select(userColumns)
    .from(users)
    .where(eq(users.partnerId, partnerId))
    .orderBy(asc(users.name));
}

/** Locks the partner row, so two admins demoting each other at once cannot both succeed. */
async function lockMember(tx: Transaction, partnerId: string, userId: string) {
  await tx.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId)).for('update');
  const [member] = await tx
    .select(userColumns)
    .from(users)
    .where(and(eq(users.id, userId), eq(users.partnerId, partnerId)));
  if (!member) throw notFound('member');
  return member;
}

async function assertAnotherAdminRemains(tx: Transaction, partnerId: string): Promise<void> {
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.partnerId, partnerId), eq(users.role, 'partner_admin')));
  if ((row?.n ?? 0) <= 1) throw conflict('a partner organisation must keep at least one partner admin');
}

export async function changeMemberRole(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  userId: string,
  role: PartnerRole,
) {
  return ctx.db.transaction(async (tx) => {
    const member = await lockMember(tx, partnerId, userId);
    if (member.role === 'partner_admin' && role !== 'partner_admin')
      await assertAnotherAdminRemains(tx, partnerId);
    const [after] = await tx.update(users).set({ role }).where(eq(users.id, userId)).returning(userColumns);
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId,
      action: 'member.role_changed',
      subjectType: 'user',
      subjectId: userId,
      before: { email: member.email, role: member.role },
      after: { email: member.email, role },
    });
    return after as typeof member;
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
    const member = await lockMember(tx, partnerId, userId);
    if (member.role === 'partner_admin') await assertAnotherAdminRemains(tx, partnerId);
    await tx.delete(users).where(eq(users.id, userId));
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId,
      action: 'member.removed',
      subjectType: 'user',
      subjectId: userId,
      before: { email: member.email, role: member.role },
    });
  });
}
