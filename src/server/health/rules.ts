import type { Feed, Finding, HealthAction } from '../../shared/health.js';
import type { MerchantStats } from './buckets.js';
import { burnRateFinding } from './rules/burn-rate.js';
import { errorIncreaseFinding } from './rules/error-increase.js';
import { type BusinessDaysBetween, type FeedHistory, feedFindings } from './rules/feeds.js';
import { hardDownFinding } from './rules/hard-down.js';
import { latencyFinding } from './rules/latency.js';
import { merchantsFinding } from './rules/merchants.js';
import type { HealthRuleSettings } from './rules/settings.js';
import type { Streak } from './rules/streak.js';
import type { CallWindow } from './windows.js';

/*
 * Each area's rules in one call: the evaluator loads what they need (requiredWindows, the streak, the feed
 * history, the merchant reports), calls these, and hands the findings to decideEscalation. All of one area's
 * findings go to its one escalation, the most severe setting its severity.
 */

export function evaluateAction(
  action: HealthAction,
  window: CallWindow,
  streak: Streak,
  settings: HealthRuleSettings,
): Finding[] {
  return [
    hardDownFinding(action, streak, window(settings.hardDown.downMinutes), settings.hardDown),
    errorIncreaseFinding(action, window, settings.errorIncrease),
    burnRateFinding(action, window, settings.burnRate),
    latencyFinding(action, window, settings.latency),
  ].filter((f) => f !== null);
}

export function evaluateFeed(
  feed: Feed,
  history: FeedHistory,
  now: number,
  settings: HealthRuleSettings,
  businessDaysBetween: BusinessDaysBetween,
): Finding[] {
  return feedFindings(feed, history, now, settings.feeds, businessDaysBetween);
}

/** `current` sums the reports of the last settings.merchants.windowMinutes; `hourly` the baseline's hours. */
export function evaluateMerchants(
  current: MerchantStats,
  hourly: readonly MerchantStats[],
  settings: HealthRuleSettings,
): Finding[] {
  const finding = merchantsFinding(current, hourly, settings.merchants);
  return finding ? [finding] : [];
}

/** The window lengths (minutes) evaluateAction asks for: what the evaluator sums in one query per partner. */
export function requiredWindows(settings: HealthRuleSettings): number[] {
  const lengths = [
    settings.hardDown.downMinutes,
    settings.errorIncrease.windowMinutes,
    ...(settings.errorIncrease.shortWindowMinutes > 0 ? [settings.errorIncrease.shortWindowMinutes] : []),
    settings.errorIncrease.baselineMinutes,
    settings.latency.windowMinutes,
    ...Object.values(settings.burnRate.alerts).flatMap((a) => [a.longMinutes, a.shortMinutes]),
  ];
  return [...new Set(lengths)].sort((a, b) => a - b);
}
