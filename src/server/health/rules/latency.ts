import { actionArea, type Finding, type HealthAction } from '../../../shared/health.js';
import { callCount } from '../buckets.js';
import { callsSlowerThan, latencyPercentile, meanLatencyMs } from '../histogram.js';
import type { CallWindow } from '../windows.js';
import { rounded } from './numbers.js';
import type { HealthRuleSettings } from './settings.js';

/**
 * The programme's latency figures over the window: mean above `maxMeanMs`, or p99 above `maxP99Ms` with at least
 * `minSlowCalls` calls slower than it → high.
 */
export function latencyFinding(
  action: HealthAction,
  window: CallWindow,
  settings: HealthRuleSettings['latency'],
): Finding | null {
  const stats = window(settings.windowMinutes);
  if (callCount(stats) < settings.minRequests) return null;
  const mean = meanLatencyMs(stats);
  const p99 = latencyPercentile(stats.latencyCounts, 0.99);
  if (mean === null || p99 === null) return null;
  const slowTail =
    p99 > settings.maxP99Ms &&
    callsSlowerThan(stats.latencyCounts, settings.maxP99Ms) >= settings.minSlowCalls;
  if (mean <= settings.maxMeanMs && !slowTail) return null;
  return {
    area: actionArea(action),
    rule: 'latency',
    severity: 'high',
    evidence: {
      windowMinutes: settings.windowMinutes,
      calls: callCount(stats),
      meanMs: rounded(mean),
      p50Ms: rounded(latencyPercentile(stats.latencyCounts, 0.5) ?? 0),
      p99Ms: rounded(p99),
      maxMeanMs: settings.maxMeanMs,
      maxP99Ms: settings.maxP99Ms,
    },
  };
}
