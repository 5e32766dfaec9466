import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { MINUTE } from '../lib/clock.js';
import {
  clearSlots,
  clearSlotsUnder,
  rateLimited,
  releaseSlots,
  type SlotRule,
  takeSlots,
} from '../lib/throttle.js';

/*
 * Failed logins are counted per (account, IP) pair, per IP and per account, over a sliding window.
 * The pair limit is tight, so an attacker guessing from one address is stopped quickly but locks out
 * only that address: the real user, elsewhere, still signs in. The account-wide limit is loose and
 * only catches distributed guessing; it lasts at most one window after the failures stop.
 *
 * Every attempt is counted as a failure before its password is checked, in one atomic step with the
 * check of the limits (lib/throttle.ts): concurrent guesses cannot all pass the check while the slow
 * verification runs. A sign-in that succeeds gives its slots back.
 *
 * The account limit would let anyone lock the owner out, so a browser with the account's device cookie
 * (device-trust.ts) is exempt from it. It is counted per device instead, so a stolen cookie buys a few
 * guesses rather than the account limit's worth from every address; the pair and address limits still apply.
 */
export const THROTTLE_WINDOW_MS = 15 * MINUTE;
export const LIMITS = { pair: 5, ip: 50, account: 100, device: 10 } as const;

export interface LoginAttempt {
  email: string;
  ip: string;
  slotIds: number[];
}

const rule = (key: string, limit: number): SlotRule => ({ key, limit, windowMs: THROTTLE_WINDOW_MS });
// Neither an email (the Email schema) nor an address holds a space, so a key names one pair, and
// `login:pair:<email> ` starts the keys of exactly that account's pairs.
const pairsOf = (email: string) => `login:pair:${email} `;
const pairKey = (email: string, ip: string) => `${pairsOf(email)}${ip}`;
const accountKey = (email: string) => `login:account:${email}`;

/**
 * Counts this attempt against every limit, or throws `rate_limited` when one is reached.
 * `deviceId`: the browser's trusted device for this account, if it has one.
 */
export async function reserveLoginAttempt(
  ctx: AppContext,
  { email, ip, deviceId }: { email: string; ip: string; deviceId: string | null },
): Promise<LoginAttempt> {
  const outcome = await takeSlots(ctx.db, ctx.clock, [
    rule(pairKey(email, ip), LIMITS.pair),
    rule(`login:ip:${ip}`, LIMITS.ip),
    deviceId ? rule(`login:device:${deviceId}`, LIMITS.device) : rule(accountKey(email), LIMITS.account),
  ]);
  if (!outcome.allowed) {
    throw rateLimited('too many failed sign-in attempts; try again later', outcome.retryAfterSeconds);
  }
  return { email, ip, slotIds: outcome.slotIds };
}

/** A sign-in that succeeded was no failure; the pair's earlier failures are forgotten too. */
export async function forgiveLoginAttempt(q: Queryable, attempt: LoginAttempt): Promise<void> {
  await releaseSlots(q, attempt.slotIds);
  await clearSlots(q, pairKey(attempt.email, attempt.ip));
}

/** Forgets an account's failures from every address: an admin reset gives the owner a clean start. */
export async function clearAccountFailures(q: Queryable, email: string): Promise<void> {
  await clearSlots(q, accountKey(email));
  await clearSlotsUnder(q, pairsOf(email));
}
