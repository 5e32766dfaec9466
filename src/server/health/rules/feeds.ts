import { type Feed, type Finding, feedArea } from '../../../shared/health.js';
import { HOUR } from '../../lib/clock.js';
import type { FeedStats } from '../buckets.js';
import { rounded } from './numbers.js';
import type { HealthRuleSettings } from './settings.js';

/** What the feed rules need of one feed's ingestion history; times are epoch milliseconds. */
export interface FeedHistory {
  /** The last ingestion without errors, null when none is on record. */
  lastCleanAt: number | null;
  /** The first ingestion with errors after lastCleanAt: the errors not cleared since. Null after a clean one. */
  errorsSince: number | null;
}

/** Whole business days from one instant to another on the partner's support calendar (see business-days.ts). */
export type BusinessDaysBetween = (from: Date, to: Date) => number;

/**
 * The history read off feed buckets, as the evaluator's SQL reads it off feed_minutes: a minute with a clean
 * ingestion clears the errors of that minute too (buckets keep no order within a minute).
 */
export function feedHistoryOf(
  buckets: readonly (Pick<FeedStats, 'cleanIngestions' | 'errors'> & { minute: Date })[],
): FeedHistory {
  let lastCleanAt: number | null = null;
  for (const b of buckets)
    if (b.cleanIngestions > 0) lastCleanAt = Math.max(lastCleanAt ?? 0, b.minute.getTime());
  let errorsSince: number | null = null;
  for (const b of buckets) {
    const at = b.minute.getTime();
    if (b.errors > 0 && (lastCleanAt === null || at > lastCleanAt))
      errorsSince = Math.min(errorsSince ?? at, at);
  }
  return { lastCleanAt, errorsSince };
}

/**
 * A feed the partner has sent before with no successful (error-free) ingestion for `staleHours` → medium: the
 * programme wants inventory refreshed at least daily. Errors not cleared for `errorBusinessDays` on the partner's
 * support calendar → high: past that the platform stops serving the inventory.
 */
export function feedFindings(
  feed: Feed,
  history: FeedHistory,
  now: number,
  settings: HealthRuleSettings['feeds'],
  businessDaysBetween: BusinessDaysBetween,
): Finding[] {
  const findings: Finding[] = [];
  const staleSince = history.lastCleanAt ?? history.errorsSince;
  if (staleSince === null) return findings;
  const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
  const evidence = { feed, lastCleanAt: iso(history.lastCleanAt), errorsSince: iso(history.errorsSince) };
  const staleHours = (now - staleSince) / HOUR;
  if (staleHours >= settings.staleHours)
    findings.push({
      area: feedArea(feed),
      rule: 'feed_stale',
      severity: 'medium',
      evidence: {
        ...evidence,
        hoursWithoutCleanIngestion: rounded(staleHours),
        staleHours: settings.staleHours,
      },
    });
  if (history.errorsSince === null) return findings;
  const days = businessDaysBetween(new Date(history.errorsSince), new Date(now));
  if (days >= settings.errorBusinessDays)
    findings.push({
      area: feedArea(feed),
      rule: 'feed_errors',
      severity: 'high',
      evidence: { ...evidence, businessDaysUncleared: days, errorBusinessDays: settings.errorBusinessDays },
    });
  return findings;
}
