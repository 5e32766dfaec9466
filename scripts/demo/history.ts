import type { AppContext } from '../../src/server/context.js';
import type { Queryable } from '../../src/server/db/client.js';
import { callHours, feedHours, healthFeedState, merchantHours } from '../../src/server/db/schema/index.js';
import { hourOf, minuteOf } from '../../src/server/health/buckets.js';
import { ensurePartitions, PARTITIONED_TABLES } from '../../src/server/health/partitions.js';
import { rollUpHours } from '../../src/server/health/rollup.js';
import type { SimulatedPartner } from '../../src/server/health/simulator/generate.js';
import { type Episode, type HistoryStep, historyBuckets } from '../../src/server/health/simulator/history.js';
import { addCallBuckets, addFeedBuckets, addMerchantBuckets } from '../../src/server/health/store-buckets.js';
import { HOUR } from '../../src/server/lib/clock.js';

const DAY = 24 * HOUR;

import { FEEDS } from '../../src/shared/health.js';

/** The last hours go in as minute rows (what short windows and the 1 h–6 h charts read); the rest as hour rows. */
const MINUTE_HOURS = 6;

/** Calls a second over the demo's partners at the busiest hour, in the seeded week and in a restart's gap. */
export const HISTORY_RATE = 40;

export interface HistoryPlan {
  partners: SimulatedPartner[];
  episodes: Episode[];
  ratePerSecond: number;
  seed: number;
}

/**
 * A week of health buckets ending now, written straight into the bucket tables: hour rows for all but the last
 * six hours, minute rows (rolled up into hours as the roll-up job does) for those. The feeds' state rows are
 * set to what intake would have kept, so a feed that failed for the last day is stale at once.
 */
export async function seedHealthHistory(ctx: AppContext, plan: HistoryPlan, now: number) {
  await writeHealthHistory(ctx, plan, hourOf(now - 7 * DAY), now);
  await ctx.db.insert(healthFeedState).values(
    plan.partners.flatMap((p) => {
      const stale = plan.episodes.find((e) => e.partnerId === p.id && e.scenario === 'stale-feed');
      return FEEDS.map((feed) => ({
        partnerId: p.id,
        feed,
        lastCleanAt: new Date(stale ? stale.from - HOUR : minuteOf(now) - 5 * 60_000),
        errorsSince: stale ? new Date(stale.from) : null,
      }));
    }),
  );
}

/**
 * Buckets from `from` to the minute before now's, where none are stored yet: minute rows up to the first whole
 * hour (added to what that hour has), hour rows for the whole hours before the last six, minute rows for those
 * six; then every ended hour with minutes is rolled up, as the roll-up job would.
 */
export async function writeHealthHistory(ctx: AppContext, plan: HistoryPlan, from: number, now: number) {
  const db = ctx.db;
  for (const { table, unit } of PARTITIONED_TABLES)
    await ensurePartitions(db, table, unit, new Date(from - DAY), new Date(now + DAY));
  const firstWholeHour = Math.ceil(from / HOUR) * HOUR;
  const split = Math.max(firstWholeHour, hourOf(now) - MINUTE_HOURS * HOUR);
  const common = { ...plan, unit: 'hour' as const };
  await addMinuteSpan(db, { ...common, unit: 'minute', from, to: Math.min(firstWholeHour, minuteOf(now)) });
  let hours: HistoryStep[] = [];
  for (const step of historyBuckets({ ...common, from: firstWholeHour, to: split })) {
    hours.push(step);
    if (hours.length === 24) {
      await insertHours(db, hours);
      hours = [];
    }
  }
  await insertHours(db, hours);
  if (split < minuteOf(now))
    await addMinuteSpan(db, { ...common, unit: 'minute', from: split, to: minuteOf(now) });
  await rollUpHours(db, new Date(now));
}

/** Minute rows, an hour's at a time, added (upserted) to what is stored. */
async function addMinuteSpan(q: Queryable, options: Parameters<typeof historyBuckets>[0]) {
  let minutes: HistoryStep[] = [];
  for (const step of historyBuckets(options)) {
    minutes.push(step);
    if (minutes.length === 60) {
      await addMinutes(q, minutes);
      minutes = [];
    }
  }
  await addMinutes(q, minutes);
}

async function insertHours(q: Queryable, steps: HistoryStep[]) {
  const hour = <R extends { minute: Date }>({ minute, ...rest }: R) => ({ ...rest, hour: minute });
  const calls = steps.flatMap((s) => s.calls.map(hour));
  const feeds = steps.flatMap((s) => s.feeds.map(hour));
  const merchants = steps.flatMap((s) => s.merchants.map(hour));
  if (calls.length) await q.insert(callHours).values(calls);
  if (feeds.length) await q.insert(feedHours).values(feeds);
  if (merchants.length) await q.insert(merchantHours).values(merchants);
}

async function addMinutes(q: Queryable, steps: HistoryStep[]) {
  await addCallBuckets(
    q,
    steps.flatMap((s) => s.calls),
  );
  await addFeedBuckets(
    q,
    steps.flatMap((s) => s.feeds),
  );
  await addMerchantBuckets(
    q,
    steps.flatMap((s) => s.merchants),
  );
}
