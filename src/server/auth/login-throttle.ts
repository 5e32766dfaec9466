import { and, count, eq, gte, lt } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { loginFailures } from '../db/schema/index.js';
import { AppError } from '../lib/errors.js';

/*
 * Failed logins are counted per (account, IP) pair, per IP and per account, over a sliding window.
 * The pair limit is tight, so an attacker guessing from one address is stopped quickly but locks out
 * only that address: the real user, elsewhere, still signs in. The account-wide limit is loose and
 * only catches distributed guessing; it lasts at most one window after the failures stop.
 */
export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const LIMITS = { pair: 5, ip: 50, account: 100 } as const;

function rateLimited(oldest: Date | null, now: Date): AppError {
  const until = (oldest?.getTime() ?? now.getTime()) + THROTTLE_WINDOW_MS;
  const retryAfterSeconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  return new AppError('rate_limited', 'too many failed sign-in attempts; try again later', {
    retryAfterSeconds,
  });
}

export async function assertLoginAllowed(ctx: AppContext, email: string, ip: string): Promise<void> {
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const recent = gte(loginFailures.at, since);
  const checks = [
    { where: and(recent, eq(loginFailures.email, email), eq(loginFailures.ip, ip)), limit: LIMITS.pair },
    { where: and(recent, eq(loginFailures.ip, ip)), limit: LIMITS.ip },
    { where: and(recent, eq(loginFailures.email, email)), limit: LIMITS.account },
  ];
  for (const check of checks) {
    const [row] = await ctx.db.select({ n: count() }).from(loginFailures).where(check.where);
    if ((row?.n ?? 0) >= check.limit) {
      const [oldest] = await ctx.db
        .select({ at: loginFailures.at })
        .from(loginFailures)
        .where(check.where)
        .orderBy(loginFailures.at)
        .offset((row?.n ?? 0) - check.limit)
        .limit(1);
      throw rateLimited(oldest?.at ?? null, now);
    }
  }
}

export async function recordLoginFailure(ctx: AppContext, email: string, ip: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.insert(loginFailures).values({ email, ip, at: now });
  await ctx.db.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - 24 * 3_600_000)));
}

export async function clearLoginFailures(ctx: AppContext, email: string, ip: string): Promise<void> {
  await ctx.db.delete(loginFailures).where(and(eq(loginFailures.email, email), eq(loginFailures.ip, ip)));
}
