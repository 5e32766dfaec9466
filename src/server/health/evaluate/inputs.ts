import { and, eq, gte } from 'drizzle-orm';
import type { HealthAction } from '../../../shared/health.js';
import type { Queryable } from '../../db/client.js';
import {
  callHours,
  callMinutes,
  healthFeedState,
  healthStreaks,
  merchantHours,
  merchantMinutes,
} from '../../db/schema/index.js';
import { HOUR, MINUTE } from '../../lib/clock.js';
import {
  type CallStats,
  emptyCallStats,
  emptyMerchantStats,
  hourOf,
  type MerchantStats,
  mergeCallStats,
  mergeMerchantStats,
  minuteOf,
} from '../buckets.js';
import type { FeedHistory } from '../rules/feeds.js';
import type { HealthRuleSettings } from '../rules/settings.js';
import { NO_STREAK, type Streak } from '../rules/streak.js';
import { type CallWindow, callWindowOf } from '../windows.js';

/*
 * What one partner's evaluation reads, in a handful of indexed range reads: windows up to six hours from minute
 * rows, longer ones from hour rows (at most a week of them), so the cost per partner is bounded whatever its
 * traffic, and the feeds' and streaks' small state rows.
 */

/** Windows this long or shorter are summed from minutes; longer ones from whole hours. */
export const MINUTE_WINDOW_LIMIT = 6 * 60;

type Row = CallStats & { action: string };

/** Windows over minutes where they are short, over hours (the current one included) where they are long. */
export function mixedCallWindow(
  minutes: readonly (CallStats & { minute: Date })[],
  hours: readonly (CallStats & { hour: Date })[],
  now: number,
): CallWindow {
  const short = callWindowOf(minutes, now);
  const lastHour = hourOf(now);
  return (length) => {
    if (length <= MINUTE_WINDOW_LIMIT) return short(length);
    const first = lastHour - (Math.ceil(length / 60) - 1) * HOUR;
    let sum = emptyCallStats();
    for (const h of hours) if (h.hour.getTime() >= first) sum = mergeCallStats(sum, h);
    return sum;
  };
}

const stats = (r: Row): CallStats => ({
  okCount: r.okCount,
  errorCount: r.errorCount,
  errorTypes: r.errorTypes,
  latencyCounts: r.latencyCounts,
  latencySumMs: r.latencySumMs,
});

export async function callWindows(
  q: Queryable,
  partnerId: string,
  windows: readonly number[],
  now: number,
): Promise<Map<string, CallWindow>> {
  const longest = Math.max(...windows);
  const shortest = Math.min(longest, MINUTE_WINDOW_LIMIT);
  const fromMinute = new Date(minuteOf(now) - (shortest - 1) * MINUTE);
  const minutes = await q
    .select()
    .from(callMinutes)
    .where(and(eq(callMinutes.partnerId, partnerId), gte(callMinutes.minute, fromMinute)));
  const hours =
    longest > MINUTE_WINDOW_LIMIT
      ? await q
          .select()
          .from(callHours)
          .where(
            and(
              eq(callHours.partnerId, partnerId),
              gte(callHours.hour, new Date(hourOf(now) - (Math.ceil(longest / 60) - 1) * HOUR)),
            ),
          )
      : [];
  const actions = new Set([...minutes, ...hours].map((r) => r.action));
  const result = new Map<string, CallWindow>();
  for (const action of actions)
    result.set(
      action,
      mixedCallWindow(
        minutes.filter((r) => r.action === action).map((r) => ({ ...stats(r), minute: r.minute })),
        hours.filter((r) => r.action === action).map((r) => ({ ...stats(r), hour: r.hour })),
        now,
      ),
    );
  return result;
}

export interface StoredStreak extends Streak {
  failingMerchants: string[];
}

export async function streaksOf(q: Queryable, partnerId: string): Promise<Map<HealthAction, StoredStreak>> {
  const rows = await q.select().from(healthStreaks).where(eq(healthStreaks.partnerId, partnerId));
  const ms = (d: Date | null) => (d === null ? null : d.getTime());
  return new Map(
    rows.map((r) => [
      r.action as HealthAction,
      {
        lastOkAt: ms(r.lastOkAt),
        failures: r.failures,
        failingSince: ms(r.failingSince),
        lastFailureAt: ms(r.lastFailureAt),
        failingMerchants: r.failingMerchants,
      },
    ]),
  );
}

export const streakOrNone = (streak: StoredStreak | undefined): Streak => streak ?? NO_STREAK;

export async function feedHistories(q: Queryable, partnerId: string): Promise<Map<string, FeedHistory>> {
  const rows = await q.select().from(healthFeedState).where(eq(healthFeedState.partnerId, partnerId));
  return new Map(
    rows.map((r) => [
      r.feed,
      { lastCleanAt: r.lastCleanAt?.getTime() ?? null, errorsSince: r.errorsSince?.getTime() ?? null },
    ]),
  );
}

/** The merchants reports of the recent window, and the baseline's hours (the current hour left out). */
export async function merchantInputs(
  q: Queryable,
  partnerId: string,
  settings: HealthRuleSettings['merchants'],
  now: number,
): Promise<{ current: MerchantStats; hourly: MerchantStats[] }> {
  const recent = await q
    .select()
    .from(merchantMinutes)
    .where(
      and(
        eq(merchantMinutes.partnerId, partnerId),
        gte(merchantMinutes.minute, new Date(minuteOf(now) - (settings.windowMinutes - 1) * MINUTE)),
      ),
    );
  const current = recent.reduce<MerchantStats>((sum, r) => mergeMerchantStats(sum, r), emptyMerchantStats());
  if (current.samples === 0) return { current, hourly: [] };
  const thisHour = hourOf(now);
  const hours = await q
    .select()
    .from(merchantHours)
    .where(
      and(
        eq(merchantHours.partnerId, partnerId),
        gte(merchantHours.hour, new Date(thisHour - settings.baselineDays * 24 * HOUR)),
      ),
    );
  return { current, hourly: hours.filter((h) => h.hour.getTime() < thisHour) };
}
