import { asc, eq } from 'drizzle-orm';
import type { Locale } from '../../shared/locales.js';
import { isPartnerRole, type Role } from '../../shared/roles.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.js';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { partners, users } from '../db/schema/index.js';
import { conflict, invalid } from '../lib/errors.js';
import { changeAccount, userColumns } from './accounts.js';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  partnerId?: string | null;
  password?: string | null;
  locale?: Locale;
}

/** Inserts a user in the caller's transaction; checks the role/partner pairing and the unique email. */
export async function insertUser(ctx: AppContext, q: Queryable, input: NewUser) {
  const email = input.email.trim().toLowerCase();
  const partnerId = input.partnerId ?? null;
  if (isPartnerRole(input.role) !== (partnerId !== null)) {
    throw invalid(
      'partnerId',
      isPartnerRole(input.role) ? 'is required for partner roles' : 'must be empty for staff roles',
    );
  }
  if (input.password != null && input.password.length < MIN_PASSWORD_LENGTH) {
    throw invalid('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`, 'too_short', {
      limit: MIN_PASSWORD_LENGTH,
    });
  }
  if (partnerId && (await q.$count(partners, eq(partners.id, partnerId))) === 0) {
    throw invalid('partnerId', 'no such partner');
  }
  if ((await q.$count(users, eq(users.email, email))) > 0) {
    throw conflict(`a user with email ${email} already exists`);
  }
  const [user] = await q
    .insert(users)
    .values({
      email,
      name: input.name.trim(),
      role: input.role,
      partnerId,
      locale: input.locale ?? 'en',
      passwordHash: input.password ? await hashPassword(input.password) : null,
      createdAt: ctx.clock.now(),
    })
    .returning(userColumns);
  if (!user) throw new Error('user insert returned nothing');
  return user;
}

export async function createUser(ctx: AppContext, actor: Actor, input: NewUser) {
  return ctx.db.transaction(async (tx) => {
    const user = await insertUser(ctx, tx, input);
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: user.partnerId,
      action: 'user.created',
      subjectType: 'user',
      subjectId: user.id,
      after: { email: user.email, role: user.role },
    });
    return user;
  });
}

export function listUsers(ctx: AppContext) {
  return ctx.db.select(userColumns).from(users).orderBy(asc(users.email));
}

/** Disabling ends every session of the user in the same transaction; the last enabled admin stays. */
export async function setUserDisabled(ctx: AppContext, actor: Actor, userId: string, disabled: boolean) {
  return ctx.db.transaction(async (tx) => {
    const { before, after } = await changeAccount(ctx, tx, userId, { disabled });
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: before.partnerId,
      action: disabled ? 'user.disabled' : 'user.enabled',
      subjectType: 'user',
      subjectId: userId,
      before: { disabledAt: before.disabledAt },
      after: { disabledAt: after.disabledAt },
    });
    return after;
  });
}

export async function deleteUser(ctx: AppContext, actor: Actor, userId: string) {
  await ctx.db.transaction(async (tx) => {
    const { before } = await changeAccount(ctx, tx, userId, { remove: true });
    // The audit row keeps who it was.
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: before.partnerId,
      action: 'user.removed',
      subjectType: 'user',
      subjectId: userId,
      before: { email: before.email, role: before.role },
    });
  });
}
