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
 *
 * The same test runs over the short window too (`shortWindowMinutes`, 0 for none): a steady 10 % takes the
 * 10-minute ratio 5 points up only after about 5½ minutes (the clean minutes still in the window dilute it), the
 * 5-minute ratio after about 3. There a chance burst weighs twice as much (half the calls), so the short window
 * needs twice the minimum errors and the 10-minute ratio leaning the same way (half the rise): a burst of a
 * flapping partner's errors in a quiet 5 minutes must not page anyone. The worse finding wins; on a tie, the
 * longer window's (more calls behind it).
 */
export function errorIncreaseFinding(
  action: HealthAction,
  window: CallWindow,
  settings: HealthRuleSettings['errorIncrease'],
): Finding | null {
  const long = errorIncreaseOver(action, window, settings.windowMinutes, settings.minErrors, settings);
  if (settings.shortWindowMinutes === 0 || long?.severity === 'critical') return long;
  const short = errorIncreaseOver(
    action,
    window,
    settings.shortWindowMinutes,
    2 * settings.minErrors,
    settings,
  );
  if (short === null || (long !== null && short.severity !== 'critical')) return long;
  const { ratio, before } = ratiosOver(window, settings.windowMinutes, settings.baselineMinutes);
  return long !== null || atLeast(ratio, before + settings.minPoints / 2) ? short : null;
}

/** The recent window's calls and error ratio, and the baseline's (the recent window left out). */
function ratiosOver(window: CallWindow, minutes: number, baselineMinutes: number) {
  const recent = window(minutes);
  const week = window(baselineMinutes);
  const baseline = {
    okCount: Math.max(week.okCount - recent.okCount, 0),
    errorCount: Math.max(week.errorCount - recent.errorCount, 0),
  };
  return { recent, baseline, ratio: errorRatio(recent), before: errorRatio(baseline) };
}

function errorIncreaseOver(
  action: HealthAction,
  window: CallWindow,
  minutes: number,
  minErrors: number,
  settings: HealthRuleSettings['errorIncrease'],
): Finding | null {
  const { recent, baseline, ratio, before } = ratiosOver(window, minutes, settings.baselineMinutes);
  if (callCount(recent) < settings.minRequests || recent.errorCount < minErrors) return null;
  if (!atLeast(ratio, before + settings.minPoints) || !atLeast(ratio, before * settings.minFactor))
    return null;
  return {
    area: actionArea(action),
    rule: 'error_increase',
    severity: atLeast(ratio, settings.criticalRatio) ? 'critical' : 'high',
    evidence: {
      windowMinutes: minutes,
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
