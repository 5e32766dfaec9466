import { inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { healthStreaks } from '../../db/schema/index.js';
import type { FeedBucket } from '../buckets.js';
import { feedHistoryOf } from '../rules/feeds.js';
import { advanceOrderedStreak, type Streak } from '../rules/streak.js';
import { SAMPLE_MERCHANTS, type StreakCalls } from './streak-calls.js';

/*
 * The evaluator's small durable inputs that buckets cannot give, kept current by intake in the batch's
 * transaction: the failure streak per action, each feed's history, and which partners have news.
 */

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const ms = (d: Date | null) => (d === null ? null : d.getTime());

/**
 * Advances each partner's and action's streak by the batch's calls. The rows are read `for update` in key order,
 * so concurrent batches for one partner take turns (and never deadlock) and each sees the other's streak.
 */
export async function advanceStreaks(q: Queryable, calls: readonly StreakCalls[]): Promise<void> {
  if (calls.length === 0) return;
  const byKey = new Map(calls.map((c) => [`${c.partnerId}|${c.action}`, c]));
  const partnerIds = [...new Set(calls.map((c) => c.partnerId))].sort();
  const lockStreaks = () =>
    q
      .select()
      .from(healthStreaks)
      .where(inArray(healthStreaks.partnerId, partnerIds))
      .orderBy(healthStreaks.partnerId, healthStreaks.action)
      .for('update');
  let stored = await lockStreaks();
  const storedKeys = new Set(stored.map((r) => `${r.partnerId}|${r.action}`));
  const missing = calls.filter((c) => !storedKeys.has(`${c.partnerId}|${c.action}`));
  if (missing.length > 0) {
    // A partner's first calls: rows first (a concurrent first batch may make them too), then the lock.
    await q
      .insert(healthStreaks)
      .values(
        missing
          .map((c) => `${c.partnerId}|${c.action}`)
          .sort()
          .map((key) => ({ partnerId: key.split('|')[0] as string, action: key.split('|')[1] as string })),
      )
      .onConflictDoNothing();
    stored = await lockStreaks();
  }
  const changed: Record<string, unknown>[] = [];
  for (const row of stored) {
    const batch = byKey.get(`${row.partnerId}|${row.action}`);
    if (!batch) continue;
    const before: Streak = {
      lastOkAt: ms(row.lastOkAt),
      failures: row.failures,
      failingSince: ms(row.failingSince),
      lastFailureAt: ms(row.lastFailureAt),
    };
    const after = advanceOrderedStreak(before, batch);
    const failingMerchants = withLatestFailing(row.failingMerchants, batch.failingMerchants);
    if (
      after.failures === before.failures &&
      after.lastOkAt === before.lastOkAt &&
      after.failingSince === before.failingSince &&
      after.lastFailureAt === before.lastFailureAt &&
      failingMerchants === row.failingMerchants
    )
      continue;
    changed.push({
      partner_id: row.partnerId,
      action: row.action,
      last_ok_at: iso(after.lastOkAt),
      failures: after.failures,
      failing_since: iso(after.failingSince),
      last_failure_at: iso(after.lastFailureAt),
      failing_merchants: failingMerchants,
    });
  }
  if (changed.length === 0) return;
  // One statement and one parameter for the batch: a statement per row would cost a round trip each.
  await q.execute(sql`
    update health_streaks s set last_ok_at = v.last_ok_at, failures = v.failures, failing_since = v.failing_since,
      last_failure_at = v.last_failure_at, failing_merchants = v.failing_merchants
    from json_to_recordset(${JSON.stringify(changed)}::json) as v(partner_id uuid, action text,
      last_ok_at timestamptz, failures int, failing_since timestamptz, last_failure_at timestamptz,
      failing_merchants text[])
    where s.partner_id = v.partner_id and s.action = v.action`);
}

/** The stored sample with the batch's failing merchants in front, distinct, at most 10; the same array if none. */
function withLatestFailing(stored: string[], latest: readonly string[]): string[] {
  if (latest.length === 0) return stored;
  return [...new Set([...latest, ...stored])].slice(0, SAMPLE_MERCHANTS);
}

/**
 * Merges the batch's feed history into the stored one: the later clean ingestion wins, and errors count from the
 * first erroring minute after it. One upsert, so concurrent batches merge in either order to the same result.
 */
export async function mergeFeedHistory(q: Queryable, feeds: readonly FeedBucket[]): Promise<void> {
  if (feeds.length === 0) return;
  const byFeed = new Map<string, FeedBucket[]>();
  for (const bucket of feeds) {
    const key = `${bucket.partnerId}|${bucket.feed}`;
    const list = byFeed.get(key);
    if (list) list.push(bucket);
    else byFeed.set(key, [bucket]);
  }
  const rows = [...byFeed.entries()].sort().map(([key, buckets]) => {
    const history = feedHistoryOf(buckets);
    const [partner_id, feed] = key.split('|') as [string, string];
    return {
      partner_id,
      feed,
      last_clean_at: iso(history.lastCleanAt),
      errors_since: iso(history.errorsSince),
    };
  });
  // One JSON parameter for the rows, as in bucket-store.ts.
  await q.execute(sql`
    insert into health_feed_state as s (partner_id, feed, last_clean_at, errors_since)
    select partner_id, feed, last_clean_at, errors_since from json_to_recordset(${JSON.stringify(rows)}::json)
      as r(partner_id uuid, feed text, last_clean_at timestamptz, errors_since timestamptz)
    on conflict (partner_id, feed) do update set
      last_clean_at = greatest(s.last_clean_at, excluded.last_clean_at),
      errors_since = (select min(e) from (values (s.errors_since), (excluded.errors_since)) v(e)
        where e > coalesce(greatest(s.last_clean_at, excluded.last_clean_at), '-infinity'))`);
}

/** Marks the partners the batch named as having news for the evaluator. */
export async function markSignalled(q: Queryable, partnerIds: readonly string[], now: Date): Promise<void> {
  if (partnerIds.length === 0) return;
  const rows = JSON.stringify([...partnerIds].sort());
  await q.execute(sql`
    insert into health_partner_state (partner_id, signal_at)
    select id::uuid, ${now.toISOString()}::timestamptz from json_array_elements_text(${rows}::json) as ids(id)
    on conflict (partner_id) do update set signal_seq = health_partner_state.signal_seq + 1,
      signal_at = greatest(health_partner_state.signal_at, excluded.signal_at)`);
}
