import { eq, inArray, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { type Queryable, rowsOf } from '../db/client.js';
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
 *
 * Expired slots count for nothing; each request that gets as far as the lock removes a few, SKIP LOCKED: rows
 * another request is already deleting are left to it, so pruning never waits on, or deadlocks with, a request
 * for another key.
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
  const early = refusal(
    now,
    rules,
    rowsOf<Freeing>(await q.execute(sql`${freeingOf(rules, now)} select * from freeing`)),
  );
  if (early) return early;
  return inTransaction(q, async (tx) => {
    // One fixed order, so two requests locking overlapping keys cannot deadlock.
    for (const key of [...new Set(rules.map((rule) => rule.key))].sort()) {
      await tx.execute(sql`select pg_advisory_xact_lock(${THROTTLE_LOCK_CLASS}, hashtext(${key}))`);
    }
    // Counted again under the locks, in a statement of its own (its snapshot then holds the slots the previous
    // holder committed), and the slots taken in that same statement only when no rule is full.
    const rows = rowsOf<Freeing & { ids: (number | string)[] | null }>(
      await tx.execute(sql`${freeingOf(rules, now)},
        taken as (
          insert into ${throttleSlots} (key, taken_at, expires_at)
          select key, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz + window_ms * interval '1 ms'
          from freeing where not exists (select 1 from freeing where full_since is not null or lim <= 0)
          order by ord
          returning id),
        pruned as (
          delete from ${throttleSlots} where id in (
            select id from ${throttleSlots} where expires_at <= ${now.toISOString()}::timestamptz
            limit ${PRUNE_BATCH} for update skip locked))
        select freeing.*, (select array_agg(id order by id) from taken) as ids from freeing`),
    );
    const refused = refusal(now, rules, rows);
    if (refused) return refused;
    return { allowed: true, slotIds: (rows[0]?.ids ?? []).map(Number) };
  });
}

/** Per rule, in order: the limit-th newest live slot's expiry (null while there is room). */
interface Freeing {
  ord: number;
  full_since: string | Date | null;
}

/**
 * The `freeing` CTE: each rule (its position, limit and window) with the expiry of its limit-th newest live slot.
 * Without one there is room; with one, its expiry makes room again. Read alone (offset), not with the newer ones:
 * a limit in the thousands (signal intake) would send them all. The rules travel as one JSON parameter.
 */
function freeingOf(rules: SlotRule[], now: Date) {
  const json = JSON.stringify(
    rules.map((rule, ord) => ({ ord, key: rule.key, lim: rule.limit, window_ms: rule.windowMs })),
  );
  return sql`with freeing as (
    select r.ord, r.key, r.lim, r.window_ms, (
      select s.expires_at from ${throttleSlots} s
      where r.lim > 0 and s.key = r.key and s.expires_at > ${now.toISOString()}::timestamptz
      order by s.expires_at desc offset greatest(r.lim - 1, 0) limit 1) as full_since
    from json_to_recordset(${json}::json) as r(ord int, key text, lim int, window_ms bigint))`;
}

/** The refusal when some rule is full at `now`, naming the rule that frees up last; null when all have room. */
function refusal(now: Date, rules: SlotRule[], freeing: readonly Freeing[]): SlotOutcome | null {
  let refused: { key: string; until: number } | null = null;
  for (const row of [...freeing].sort((a, b) => a.ord - b.ord)) {
    const rule = rules[row.ord] as SlotRule;
    if (rule.limit > 0 && row.full_since === null) continue;
    const until =
      row.full_since === null ? now.getTime() + rule.windowMs : new Date(row.full_since).getTime();
    if (!refused || until > refused.until) refused = { key: rule.key, until };
  }
  if (!refused) return null;
  const retryAfterSeconds = Math.max(1, Math.ceil((refused.until - now.getTime()) / 1000));
  return { allowed: false, key: refused.key, retryAfterSeconds };
}

/** Work in the caller's transaction when there is one (no savepoint: two statements fewer), else in its own. */
function inTransaction<T>(q: Queryable, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return q instanceof PgTransaction ? work(q) : q.transaction(work);
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
