import { eq, lt, or } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { sessions, users } from '../db/schema/index.js';
import { MINUTE } from '../lib/clock.js';
import { randomSecret, sha256 } from '../lib/secrets.js';

export const SESSION_COOKIE = 'sb_session';

type UserRow = typeof users.$inferSelect;
export type SessionUser = Pick<
  UserRow,
  'id' | 'email' | 'name' | 'role' | 'partnerId' | 'locale' | 'contactsPromptedAt'
>;

/** The columns every place that returns the signed-in user selects. */
export const sessionUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  partnerId: users.partnerId,
  locale: users.locale,
  contactsPromptedAt: users.contactsPromptedAt,
};

export function toSessionUser(row: SessionUser): SessionUser {
  const { id, email, name, role, partnerId, locale, contactsPromptedAt } = row;
  return { id, email, name, role, partnerId, locale, contactsPromptedAt };
}

export interface ActiveSession {
  idHash: string;
  csrfToken: string;
  user: SessionUser;
}

/** A fresh random id at every login; only its hash is stored. */
export async function createSession(
  ctx: AppContext,
  q: Queryable,
  userId: string,
  meta: { ip: string; userAgent: string | null },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const now = ctx.clock.now();
  const token = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionMaxHours * 60 * MINUTE);
  await q.insert(sessions).values({
    idHash: sha256(token),
    userId,
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, expiresAt };
}

/** The live session for a cookie value, or null once it is idle too long, past its lifetime, or its user is disabled. */
export async function findActiveSession(ctx: AppContext, token: string): Promise<ActiveSession | null> {
  const idHash = sha256(token);
  const [row] = await ctx.db
    .select({
      idHash: sessions.idHash,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      user: { ...sessionUserColumns, disabledAt: users.disabledAt },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.idHash, idHash));
  if (!row) return null;
  const now = ctx.clock.now().getTime();
  const idleDeadline = row.lastSeenAt.getTime() + ctx.config.sessionIdleMinutes * MINUTE;
  if (row.user.disabledAt || now >= idleDeadline || now >= row.expiresAt.getTime()) {
    await ctx.db.delete(sessions).where(eq(sessions.idHash, idHash));
    return null;
  }
  // Writing on every request would turn each read into a write; a minute's precision is enough for idling.
  if (now - row.lastSeenAt.getTime() > MINUTE) {
    await ctx.db
      .update(sessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(sessions.idHash, idHash));
  }
  const { disabledAt: _disabled, ...user } = row.user;
  return { idHash: row.idHash, csrfToken: row.csrfToken, user };
}

export async function deleteSession(q: Queryable, idHash: string): Promise<void> {
  await q.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function deleteUserSessions(q: Queryable, userId: string): Promise<void> {
  await q.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  const idleCutoff = new Date(now.getTime() - ctx.config.sessionIdleMinutes * MINUTE);
  await ctx.db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleCutoff)));
}
