import { actionArea, type Finding, type HealthAction } from '../../../shared/health.js';
import { callCount, errorRatio } from '../buckets.js';
import type { CallWindow } from '../windows.js';
import { atLeast, rounded, topErrorTypes } from './numbers.js';
import type { HealthRuleSettings } from './settings.js';

/**
 * "The platform escalates when it sees errors increase": the recent error ratio at least `minPoints` above AND
 * `minFactor`× its baseline, with enough calls and errors to mean it → high; at `criticalRatio` and above →
 * critical. The baseline leaves the recent window out, so a long outage does not raise its own bar. At a 99 % SLO a
 * steady 10 % error rate burns 10×, which the burn-rate pairs page on only hours later; this catches it in minutes.
 */
export function errorIncreaseFinding(
  action: HealthAction,
  window: CallWindow,
  settings: HealthRuleSettings['errorIncrease'],
): Finding | null {
  const recent = window(settings.windowMinutes);
  if (callCount(recent) < settings.minRequests || recent.errorCount < settings.minErrors) return null;
  const week = window(settings.baselineMinutes);
  const baseline = {
    okCount: Math.max(week.okCount - recent.okCount, 0),
    errorCount: Math.max(week.errorCount - recent.errorCount, 0),
  };
  const [ratio, before] = [errorRatio(recent), errorRatio(baseline)];
  if (!atLeast(ratio, before + settings.minPoints) || !atLeast(ratio, before * settings.minFactor))
    return null;
  return {
    area: actionArea(action),
    rule: 'error_increase',
    severity: atLeast(ratio, settings.criticalRatio) ? 'critical' : 'high',
    evidence: {
      windowMinutes: settings.windowMinutes,
      calls: callCount(recent),
      errors: recent.errorCount,
      errorRatio: rounded(ratio),
      baselineMinutes: settings.baselineMinutes,
      baselineCalls: callCount(baseline),
      baselineErrorRatio: rounded(before),
      topErrorTypes: topErrorTypes(recent),
    },
  };
}
