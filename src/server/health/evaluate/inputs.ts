import { and, gte, inArray, sql } from 'drizzle-orm';
import type { HealthAction } from '../../../shared/health.js';
import { type Queryable, rowsOf } from '../../db/client.js';
import { healthFeedState, healthStreaks, merchantMinutes } from '../../db/schema/index.js';
import { HOUR, MINUTE } from '../../lib/clock.js';
import { emptyMerchantStats, hourOf, type MerchantStats, mergeMerchantStats, minuteOf } from '../buckets.js';
import { hourlyRows } from '../hourly-rows.js';
import type { FeedHistory } from '../rules/feeds.js';
import type { HealthRuleSettings } from '../rules/settings.js';
import { NO_STREAK, type Streak } from '../rules/streak.js';

/*
 * What an evaluation reads besides the call windows (call-windows.ts): the streaks' and feeds' small state rows
 * and the merchants' reports, for all the partners of a run at once (a statement each, not one per partner).
 */

export interface StoredStreak extends Streak {
  failingMerchants: string[];
}

/** Rows grouped by partner, each partner's in a map by `keyOf`. */
function byPartner<R extends { partnerId: string }, V>(
  rows: readonly R[],
  keyOf: (row: R) => string,
  read: (row: R) => V,
): Map<string, Map<string, V>> {
  const grouped = new Map<string, Map<string, V>>();
  for (const row of rows) {
    const own = grouped.get(row.partnerId) ?? new Map<string, V>();
    grouped.set(row.partnerId, own);
    own.set(keyOf(row), read(row));
  }
  return grouped;
}

const ms = (d: Date | null) => (d === null ? null : d.getTime());

export async function streaksOf(
  q: Queryable,
  partnerIds: readonly string[],
): Promise<Map<string, Map<HealthAction, StoredStreak>>> {
  if (partnerIds.length === 0) return new Map();
  const rows = await q
    .select()
    .from(healthStreaks)
    .where(inArray(healthStreaks.partnerId, [...partnerIds]));
  return byPartner(
    rows,
    (r) => r.action,
    (r) => ({
      lastOkAt: ms(r.lastOkAt),
      failures: r.failures,
      failingSince: ms(r.failingSince),
      lastFailureAt: ms(r.lastFailureAt),
      failingMerchants: r.failingMerchants,
    }),
  ) as Map<string, Map<HealthAction, StoredStreak>>;
}

export const streakOrNone = (streak: StoredStreak | undefined): Streak => streak ?? NO_STREAK;

export async function feedHistories(
  q: Queryable,
  partnerIds: readonly string[],
): Promise<Map<string, Map<string, FeedHistory>>> {
  if (partnerIds.length === 0) return new Map();
  const rows = await q
    .select()
    .from(healthFeedState)
    .where(inArray(healthFeedState.partnerId, [...partnerIds]));
  return byPartner(
    rows,
    (r) => r.feed,
    (r) => ({ lastCleanAt: ms(r.lastCleanAt), errorsSince: ms(r.errorsSince) }),
  );
}

export interface MerchantInputs {
  /** The merchants reports of the partner's recent window. */
  current: MerchantStats;
  /** The baseline's hours, the current hour left out; none when there is no current report. */
  hourly: MerchantStats[];
}

/** Each partner's merchants inputs, by its own window and baseline (read as the widest of them, then cut). */
export async function merchantInputs(
  q: Queryable,
  partners: readonly { id: string; settings: HealthRuleSettings['merchants'] }[],
  now: number,
): Promise<Map<string, MerchantInputs>> {
  const result = new Map<string, MerchantInputs>();
  if (partners.length === 0) return result;
  const ids = partners.map((p) => p.id);
  const windowStart = (minutes: number) => minuteOf(now) - (minutes - 1) * MINUTE;
  const recent = await q
    .select()
    .from(merchantMinutes)
    .where(
      and(
        inArray(merchantMinutes.partnerId, ids),
        gte(
          merchantMinutes.minute,
          new Date(Math.min(...partners.map((p) => windowStart(p.settings.windowMinutes)))),
        ),
      ),
    );
  const thisHour = hourOf(now);
  const baselineStart = (days: number) => thisHour - days * 24 * HOUR;
  const reporting = partners.filter((p) =>
    recent.some((r) => r.partnerId === p.id && r.minute.getTime() >= windowStart(p.settings.windowMinutes)),
  );
  const hours =
    reporting.length === 0
      ? []
      : await merchantHoursOf(
          q,
          reporting.map((p) => p.id),
          new Date(Math.min(...reporting.map((p) => baselineStart(p.settings.baselineDays)))),
          new Date(thisHour),
        );
  for (const { id, settings } of partners) {
    const current = recent
      .filter((r) => r.partnerId === id && r.minute.getTime() >= windowStart(settings.windowMinutes))
      .reduce<MerchantStats>((sum, r) => mergeMerchantStats(sum, r), emptyMerchantStats());
    // Only the reporting partners' hours were read: a partner without a report in its window has no baseline.
    const hourly = hours.filter((h) => h.partnerId === id && h.hour >= baselineStart(settings.baselineDays));
    result.set(id, { current, hourly });
  }
  return result;
}

/** The partners' merchant sums per hour of [from, to), oldest first. */
async function merchantHoursOf(q: Queryable, partnerIds: string[], from: Date, to: Date) {
  const rows = rowsOf<{ partner_id: string; hour: number } & Record<'serving' | 'total' | 'samples', number>>(
    await q.execute(sql`
      select partner_id, (extract(epoch from at) * 1000)::float8 as hour, sum(serving_sum)::float8 as serving,
        sum(total_sum)::float8 as total, sum(samples)::float8 as samples
      from (${hourlyRows(
        'merchant',
        ['partner_id', 'serving_sum', 'total_sum', 'samples'],
        sql`partner_id = any(${`{${partnerIds.join(',')}}`}::uuid[])`,
        from,
        to,
      )}) hours
      group by partner_id, at order by at`),
  );
  return rows.map((r) => ({
    partnerId: r.partner_id,
    hour: Number(r.hour),
    servingSum: Number(r.serving),
    totalSum: Number(r.total),
    samples: Number(r.samples),
  }));
}
