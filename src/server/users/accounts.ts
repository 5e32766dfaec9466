import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Role } from '../../shared/roles.js';
import { deleteUserSessions, sessionUserColumns } from '../auth/sessions.js';
import type { AppContext } from '../context.js';
import type { Transaction } from '../db/client.js';
import { partners, users } from '../db/schema/index.js';
import { conflict, notFound } from '../lib/errors.js';

export const userColumns = {
  ...sessionUserColumns,
  disabledAt: users.disabledAt,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
};

/** Taken by everything that changes who administers the platform: first start, `npm run admin`, removals. */
const PLATFORM_ADMINS_LOCK_KEY = 724_451_002;

export async function lockPlatformAdmins(tx: Transaction): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${PLATFORM_ADMINS_LOCK_KEY})`);
}

/** The platform has no row to lock, so its admins share an advisory lock; a partner's admins its row. */
async function lockAdminScope(tx: Transaction, partnerId: string | null): Promise<void> {
  if (partnerId === null) return lockPlatformAdmins(tx);
  await tx.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId)).for('update');
}

/** Platform users are administered by `admin`s, a partner's members by its `partner_admin`s. */
const adminRoleFor = (partnerId: string | null): Role => (partnerId === null ? 'admin' : 'partner_admin');

type Standing = { role: Role; disabledAt: Date | null; partnerId: string | null } | null;
const administers = (user: Standing) =>
  user !== null && user.disabledAt === null && user.role === adminRoleFor(user.partnerId);

export async function countEnabledAdmins(
  tx: Transaction,
  partnerId: string | null,
  exceptUserId?: string,
): Promise<number> {
  return tx.$count(
    users,
    and(
      partnerId === null ? isNull(users.partnerId) : eq(users.partnerId, partnerId),
      eq(users.role, adminRoleFor(partnerId)),
      isNull(users.disabledAt),
      exceptUserId === undefined ? undefined : ne(users.id, exceptUserId),
    ),
  );
}

type Account = Pick<typeof users.$inferSelect, keyof typeof userColumns>;
export type AccountChange = { role: Role } | { disabled: boolean } | { remove: true };

function standingAfter(ctx: AppContext, before: Account, change: { role: Role } | { disabled: boolean }) {
  if ('role' in change) return { role: change.role };
  // Disabling twice keeps the first moment.
  return { disabledAt: change.disabled ? (before.disabledAt ?? ctx.clock.now()) : null };
}

/**
 * Changes a user's role or enabled state, or deletes the account: every route that does one of these
 * goes through here, so one rule holds on all of them: each partner keeps an enabled partner admin and
 * the platform an enabled admin. The scope is locked before the user is read, so two removals at once
 * take turns and the second one counts what the first left. With `partnerId`, only that partner's
 * members are found. Audit is the caller's, as the routes describe the same change differently.
 */
export async function changeAccount(
  ctx: AppContext,
  tx: Transaction,
  userId: string,
  change: { remove: true },
  scope?: { partnerId?: string },
): Promise<{ before: Account; after: null }>;
export async function changeAccount(
  ctx: AppContext,
  tx: Transaction,
  userId: string,
  change: { role: Role } | { disabled: boolean },
  scope?: { partnerId?: string },
): Promise<{ before: Account; after: Account }>;
export async function changeAccount(
  ctx: AppContext,
  tx: Transaction,
  userId: string,
  change: AccountChange,
  scope: { partnerId?: string } = {},
): Promise<{ before: Account; after: Account | null }> {
  const what = scope.partnerId === undefined ? 'user' : 'member';
  // A user's partner never changes, so this unlocked read names the right scope to lock.
  const [found] = await tx.select({ partnerId: users.partnerId }).from(users).where(eq(users.id, userId));
  if (!found || (scope.partnerId !== undefined && found.partnerId !== scope.partnerId)) throw notFound(what);
  await lockAdminScope(tx, found.partnerId);
  const [before] = await tx.select(userColumns).from(users).where(eq(users.id, userId)).for('update');
  if (!before) throw notFound(what);

  const after = 'remove' in change ? null : { ...before, ...standingAfter(ctx, before, change) };
  if (
    administers(before) &&
    !administers(after) &&
    (await countEnabledAdmins(tx, before.partnerId, userId)) === 0
  ) {
    throw conflict(
      before.partnerId === null
        ? 'Switchboard must keep at least one enabled platform admin'
        : 'a partner organisation must keep at least one enabled partner admin',
    );
  }

  if (after === null) {
    // Sessions go with the row (ON DELETE CASCADE).
    await tx.delete(users).where(eq(users.id, userId));
    return { before, after: null };
  }
  const [updated] = await tx
    .update(users)
    .set({ role: after.role, disabledAt: after.disabledAt })
    .where(eq(users.id, userId))
    .returning(userColumns);
  if (!updated) throw notFound(what);
  if (after.disabledAt !== null) await deleteUserSessions(tx, userId);
  return { before, after: updated };
}
