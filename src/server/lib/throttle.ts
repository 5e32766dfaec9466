import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { throttleSlots } from '../db/schema/index.js';
import type { Clock } from './clock.js';
import { AppError } from './errors.js';

/*
 * The one mechanism for every "at most `limit` per `windowMs`" rule: a request takes a slot (a row in
 * throttle_slots) under a key, or is told when to come back.
 *
 * Counting and taking must be one atomic step, or concurrent requests all count the same rows, all see room
 * and all write. We take a transaction-scoped advisory lock per key, then count and insert in that
 * transaction. A single INSERT … SELECT … WHERE (SELECT count(*) …) < limit would not do: under READ COMMITTED
 * each concurrent statement counts from its own snapshot, without the rows the others are inserting, so the
 * race would only move into one statement. With the lock, requests for one key take turns and the next
 * holder's count (a new snapshot, READ COMMITTED) includes the previous holder's committed slot; requests for
 * other keys never wait; the lock ends with the transaction, so a crashed request cannot leave it held.
 * On PGlite (one connection) the lock is granted at once, and PGlite runs one transaction at a time, which
 * gives the same guarantee.
 *
 * Call it inside the transaction that does the limited write, so the slot and the write commit together
 * (and the lock is held until both are visible); given the database itself, it opens its own transaction.
 */

export interface SlotRule {
  /** What is limited, e.g. `lead:ip:203.0.113.9`. */
  key: string;
  limit: number;
  windowMs: number;
}

export type SlotOutcome =
  | { allowed: true; slotIds: number[] }
  | { allowed: false; key: string; retryAfterSeconds: number };

// The two-integer advisory lock space, first integer naming throttles; the single-bigint locks elsewhere
// (migrations, first admin) live in a separate space, so they never collide with these.
export const THROTTLE_LOCK_CLASS = 724_451_003;
const PRUNE_BATCH = 100;

/**
 * Takes a slot under every rule, or none: one full rule refuses the request, and the answer names the rule
 * that frees up last (when all of them have room again).
 */
export async function takeSlots(q: Queryable, clock: Clock, rules: SlotRule[]): Promise<SlotOutcome> {
  const now = clock.now();
  // A key that is already full is refused before queueing for its lock, so in a flood at one key the
  // refused requests (nearly all of them) neither wait in line nor hold a database connection meanwhile.
  // Only a slot given back in between could have let one of them through: as if it had come a moment early.
  const early = await refusal(q, now, rules);
  if (early) return early;
  return q.transaction(async (tx) => {
    // One fixed order, so two requests locking overlapping keys cannot deadlock.
    for (const key of [...new Set(rules.map((rule) => rule.key))].sort()) {
      await tx.execute(sql`select pg_advisory_xact_lock(${THROTTLE_LOCK_CLASS}, hashtext(${key}))`);
    }
    const refused = await refusal(tx, now, rules);
    if (refused) return refused;
    const taken = await tx
      .insert(throttleSlots)
      .values(
        rules.map((rule) => ({
          key: rule.key,
          takenAt: now,
          expiresAt: new Date(now.getTime() + rule.windowMs),
        })),
      )
      .returning({ id: throttleSlots.id });
    await pruneExpired(tx, now);
    return { allowed: true, slotIds: taken.map((slot) => slot.id) };
  });
}

/** The refusal when some rule is full at `now`, naming the rule that frees up last; null when all have room. */
async function refusal(q: Queryable, now: Date, rules: SlotRule[]): Promise<SlotOutcome | null> {
  let refused: { key: string; until: number } | null = null;
  for (const rule of rules) {
    // The limit-th newest live slot: without one there is room; with one, its expiry makes room again.
    // Read alone (offset), not with the newer ones: a limit in the thousands (signal intake) would send them all.
    const [freeing] =
      rule.limit <= 0
        ? []
        : await q
            .select({ expiresAt: throttleSlots.expiresAt })
            .from(throttleSlots)
            .where(and(eq(throttleSlots.key, rule.key), gt(throttleSlots.expiresAt, now)))
            .orderBy(desc(throttleSlots.expiresAt))
            .offset(rule.limit - 1)
            .limit(1);
    if (rule.limit <= 0 || freeing) {
      const until = freeing?.expiresAt.getTime() ?? now.getTime() + rule.windowMs;
      if (!refused || until > refused.until) refused = { key: rule.key, until };
    }
  }
  if (!refused) return null;
  const retryAfterSeconds = Math.max(1, Math.ceil((refused.until - now.getTime()) / 1000));
  return { allowed: false, key: refused.key, retryAfterSeconds };
}

export function takeSlot(q: Queryable, clock: Clock, rule: SlotRule): Promise<SlotOutcome> {
  return takeSlots(q, clock, [rule]);
}

/** Takes a slot or throws `rate_limited`, which the error handler answers 429 with Retry-After. */
export async function requireSlot(
  q: Queryable,
  clock: Clock,
  rule: SlotRule,
  message: string,
): Promise<void> {
  const outcome = await takeSlot(q, clock, rule);
  if (!outcome.allowed) throw rateLimited(message, outcome.retryAfterSeconds);
}

export function rateLimited(message: string, retryAfterSeconds: number): AppError {
  return new AppError('rate_limited', message, { retryAfterSeconds });
}

/** Gives slots back, for an attempt that turned out not to count (a sign-in that succeeded). */
export async function releaseSlots(q: Queryable, slotIds: number[]): Promise<void> {
  if (slotIds.length === 0) return;
  await q.delete(throttleSlots).where(inArray(throttleSlots.id, slotIds));
}

/** Forgets everything counted under a key. */
export async function clearSlots(q: Queryable, key: string): Promise<void> {
  await q.delete(throttleSlots).where(eq(throttleSlots.key, key));
}

/** Forgets everything counted under every key that starts with `prefix`. */
export async function clearSlotsUnder(q: Queryable, prefix: string): Promise<void> {
  // starts_with rather than LIKE: a prefix holding % or _ (an email can) needs no escaping.
  await q.delete(throttleSlots).where(sql`starts_with(${throttleSlots.key}, ${prefix})`);
}

/**
 * Expired slots count for nothing; each allowed request removes a few. SKIP LOCKED: rows another request is
 * already deleting are left to it, so pruning never waits on, or deadlocks with, a request for another key.
 */
async function pruneExpired(q: Queryable, now: Date): Promise<void> {
  await q.execute(sql`
    delete from ${throttleSlots} where ${throttleSlots.id} in (
      select ${throttleSlots.id} from ${throttleSlots}
      where ${throttleSlots.expiresAt} <= ${now.toISOString()}::timestamptz
      limit ${PRUNE_BATCH} for update skip locked
    )`);
}
