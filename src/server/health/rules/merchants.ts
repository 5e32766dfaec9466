import type { Finding } from '../../../shared/health.js';
import type { MerchantStats } from '../buckets.js';
import { rounded } from './numbers.js';
import type { HealthRuleSettings } from './settings.js';

const meanServing = (s: MerchantStats) => s.servingSum / s.samples;

/** The median of the hourly mean serving counts, over hours with reports; null with fewer than `minHours`. */
export function medianServing(hourly: readonly MerchantStats[], minHours: number): number | null {
  const values = hourly.filter((h) => h.samples > 0).map(meanServing);
  if (values.length === 0 || values.length < minHours) return null;
  values.sort((a, b) => a - b);
  const mid = Math.floor(values.length / 2);
  return values.length % 2
    ? (values[mid] as number)
    : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
}

/**
 * "A problem keeps most of the partner's merchants from serving" (an urgent criterion), as critical: the share
 * serving over the recent window below `minServingShare`, or the number serving down by more than `maxDrop`
 * against its median over the baseline's hours (a partner whose merchants were never mostly serving still shows
 * a collapse). Both strict: exactly half serving is not "most cannot serve".
 */
export function merchantsFinding(
  current: MerchantStats,
  hourly: readonly MerchantStats[],
  settings: HealthRuleSettings['merchants'],
): Finding | null {
  if (current.samples === 0 || current.totalSum === 0) return null;
  const share = current.servingSum / current.totalSum;
  const serving = meanServing(current);
  const median = medianServing(hourly, settings.minBaselineHours);
  const lowShare = share < settings.minServingShare;
  const dropped = median !== null && serving < (1 - settings.maxDrop) * median;
  if (!lowShare && !dropped) return null;
  return {
    area: 'merchants',
    rule: 'merchants_serving',
    severity: 'critical',
    evidence: {
      windowMinutes: settings.windowMinutes,
      serving: rounded(serving),
      total: rounded(current.totalSum / current.samples),
      servingShare: rounded(share),
      baselineMedianServing: median === null ? null : rounded(median),
      baselineDays: settings.baselineDays,
      lowShare,
      dropped,
    },
  };
}
