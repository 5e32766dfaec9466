import { eq } from 'drizzle-orm';
import type { Locale } from '../../shared/locales.js';
import type { AppContext } from '../context.js';
import { users } from '../db/schema/index.js';
import { unauthenticated } from '../lib/errors.js';
import { issueDeviceToken, trustedDeviceId } from './device-trust.js';
import { forgiveLoginAttempt, reserveLoginAttempt } from './login-throttle.js';
import { verifyPassword } from './passwords.js';
import {
  createSession,
  deleteSession,
  type SessionUser,
  sessionUserColumns,
  toSessionUser,
} from './sessions.js';

export interface LoginInput {
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
  /** The browser's device cookie, if it sent one. */
  deviceToken: string | null;
}

export async function login(ctx: AppContext, input: LoginInput) {
  const email = input.email.trim().toLowerCase();
  const [user] = await ctx.db.select().from(users).where(eq(users.email, email));
  const deviceId = user ? await trustedDeviceId(ctx, input.deviceToken, user.id) : null;
  // Counted as a failure until the password proves otherwise (see login-throttle.ts).
  const attempt = await reserveLoginAttempt(ctx, { email, ip: input.ip, deviceId });
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !passwordOk || user.disabledAt) throw unauthenticated('wrong email or password');
  const session = await ctx.db.transaction(async (tx) => {
    await forgiveLoginAttempt(tx, attempt);
    await tx.update(users).set({ lastLoginAt: ctx.clock.now() }).where(eq(users.id, user.id));
    return createSession(ctx, tx, user.id, { ip: input.ip, userAgent: input.userAgent });
  });
  // A fresh device cookie at every sign-in keeps a browser in use trusted.
  return { user: toSessionUser(user), ...session, deviceToken: await issueDeviceToken(ctx, user.id) };
}

export async function logout(ctx: AppContext, sessionIdHash: string): Promise<void> {
  await deleteSession(ctx.db, sessionIdHash);
}

export async function updateProfile(
  ctx: AppContext,
  userId: string,
  changes: { locale?: Locale; name?: string; contactsPrompted?: boolean },
): Promise<SessionUser> {
  const { contactsPrompted, ...rest } = changes;
  const update = contactsPrompted ? { ...rest, contactsPromptedAt: ctx.clock.now() } : rest;
  // PATCH {} asks for no change, like an empty merge patch: the answer is the user as they are (an UPDATE
  // with nothing to set is not valid SQL).
  const nothingToChange = Object.values(update).every((value) => value === undefined);
  const [user] = nothingToChange
    ? await ctx.db.select(sessionUserColumns).from(users).where(eq(users.id, userId))
    : await ctx.db.update(users).set(update).where(eq(users.id, userId)).returning(sessionUserColumns);
  if (!user) throw unauthenticated();
  return user;
}
