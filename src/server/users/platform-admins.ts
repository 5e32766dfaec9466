import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { clearAccountFailures } from '../auth/login-throttle.js';
import { hashPassword } from '../auth/passwords.js';
import { deleteUserSessions } from '../auth/sessions.js';
import type { AppContext } from '../context.js';
import type { Transaction } from '../db/client.js';
import { users } from '../db/schema/index.js';
import { conflict } from '../lib/errors.js';
import { randomSecret } from '../lib/secrets.js';
import { countEnabledAdmins, lockPlatformAdmins, userColumns } from './accounts.js';
import { insertUser } from './service.js';

export const DEFAULT_ADMIN_EMAIL = 'admin@switchboard.local';

export interface PlatformAdminAccess {
  email: string;
  /** The generated one-time password, to print once; null when the operator chose it (ADMIN_PASSWORD). */
  password: string | null;
  /** false: a new account; true: an existing one was re-enabled (or kept) as admin with a new password. */
  existing: boolean;
}

/**
 * Makes `email` an enabled platform admin who signs in with `password`: creates the account, or
 * promotes, re-enables and re-keys an existing staff account, ending its sessions. A partner's account
 * stays a partner's: an address belongs to one organisation.
 */
async function restorePlatformAdmin(
  ctx: AppContext,
  tx: Transaction,
  email: string,
  password: string,
  reason: string,
): Promise<boolean> {
  const [existing] = await tx.select(userColumns).from(users).where(eq(users.email, email)).for('update');
  if (!existing) {
    const admin = await insertUser(ctx, tx, { email, name: 'Administrator', role: 'admin', password });
    await recordAudit(tx, ctx.clock, {
      actor: null,
      partnerId: null,
      action: 'user.created',
      subjectType: 'user',
      subjectId: admin.id,
      after: { email, role: 'admin', reason },
    });
    return false;
  }
  if (existing.partnerId !== null) {
    throw conflict(`${email} belongs to a partner organisation and cannot be a platform admin`);
  }
  await tx
    .update(users)
    .set({ role: 'admin', disabledAt: null, passwordHash: await hashPassword(password) })
    .where(eq(users.id, existing.id));
  await deleteUserSessions(tx, existing.id);
  // A reset is the way back in: failed sign-ins from before it must not keep the account locked.
  await clearAccountFailures(tx, email);
  await recordAudit(tx, ctx.clock, {
    actor: null,
    partnerId: null,
    action: 'user.enabled',
    subjectType: 'user',
    subjectId: existing.id,
    before: { role: existing.role, disabledAt: existing.disabledAt },
    after: { role: 'admin', disabledAt: null, reason },
  });
  return true;
}

/**
 * Whenever no platform admin can sign in (the first start, or data from before the last admin was
 * protected), the instance needs one: ADMIN_EMAIL/ADMIN_PASSWORD if set, else admin@switchboard.local
 * with a generated password that main.ts prints once. Disabled admins do not count: they cannot sign in.
 */
export async function ensureFirstAdmin(ctx: AppContext): Promise<PlatformAdminAccess | null> {
  const email = ctx.config.adminEmail ?? DEFAULT_ADMIN_EMAIL;
  const generated = ctx.config.adminPassword ? null : randomSecret(12);
  const password = ctx.config.adminPassword ?? generated ?? '';
  const existing = await ctx.db.transaction(async (tx) => {
    // Instances starting together on one server take turns here; the second finds the first's admin.
    await lockPlatformAdmins(tx);
    if ((await countEnabledAdmins(tx, null)) > 0) return null;
    return restorePlatformAdmin(ctx, tx, email, password, 'no enabled admin at start');
  });
  return existing === null ? null : { email, password: generated, existing };
}

/** `npm run admin -- reset <email>`: the way back in when every admin is locked out. */
export async function resetPlatformAdmin(ctx: AppContext, rawEmail: string): Promise<PlatformAdminAccess> {
  const email = rawEmail.trim().toLowerCase();
  const password = randomSecret(12);
  const existing = await ctx.db.transaction(async (tx) => {
    await lockPlatformAdmins(tx);
    return restorePlatformAdmin(ctx, tx, email, password, 'npm run admin -- reset');
  });
  return { email, password, existing };
}
