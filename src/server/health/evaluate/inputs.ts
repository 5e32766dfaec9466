import { and, eq, gte } from 'drizzle-orm';
import type { HealthAction } from '../../../shared/health.js';
import type { Queryable } from '../../db/client.js';
import { healthFeedState, healthStreaks, merchantHours, merchantMinutes } from '../../db/schema/index.js';
import { HOUR, MINUTE } from '../../lib/clock.js';
import { emptyMerchantStats, hourOf, type MerchantStats, mergeMerchantStats, minuteOf } from '../buckets.js';
import type { FeedHistory } from '../rules/feeds.js';
import type { HealthRuleSettings } from '../rules/settings.js';
import { NO_STREAK, type Streak } from '../rules/streak.js';

/*
 * What one partner's evaluation reads besides its call windows (call-windows.ts): the streaks' and feeds' small
 * state rows and the merchants' reports.
 */

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
