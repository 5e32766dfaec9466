import { actionArea, type Finding, HEALTH_SEVERITIES, type HealthAction } from '../../../shared/health.js';
import { callCount, errorRatio } from '../buckets.js';
import type { CallWindow } from '../windows.js';
import { atLeast, rounded, topErrorTypes } from './numbers.js';
import type { HealthRuleSettings } from './settings.js';

/** How many times faster than the objective allows the window spends its error budget. */
export const burnRate = (ratio: number, objective: number) => ratio / (1 - objective);

/**
 * The success-ratio SLO with multi-window, multi-burn-rate alerts (SRE workbook, ch. 5): an alert fires when its
 * long window AND its short window both burn at least `factor`× and both hold `minRequests` calls; the long window
 * makes it significant, the short one makes it stop soon after the errors do. The most severe firing alert wins.
 */
export function burnRateFinding(
  action: HealthAction,
  window: CallWindow,
  settings: HealthRuleSettings['burnRate'],
): Finding | null {
  const objective = settings.objectives[action];
  const alerts = Object.values(settings.alerts).sort(
    (a, b) => HEALTH_SEVERITIES.indexOf(a.severity) - HEALTH_SEVERITIES.indexOf(b.severity),
  );
  for (const alert of alerts) {
    const [long, short] = [window(alert.longMinutes), window(alert.shortMinutes)];
    if (callCount(long) < settings.minRequests || callCount(short) < settings.minRequests) continue;
    const [longBurn, shortBurn] = [
      burnRate(errorRatio(long), objective),
      burnRate(errorRatio(short), objective),
    ];
    if (!atLeast(longBurn, alert.factor) || !atLeast(shortBurn, alert.factor)) continue;
    return {
      area: actionArea(action),
      rule: 'burn_rate',
      severity: alert.severity,
      evidence: {
        objective,
        factor: alert.factor,
        windows: [alert.longMinutes, alert.shortMinutes].map((minutes, i) => {
          const stats = i === 0 ? long : short;
          return {
            minutes,
            calls: callCount(stats),
            errors: stats.errorCount,
            errorRatio: rounded(errorRatio(stats)),
            burnRate: rounded(i === 0 ? longBurn : shortBurn),
          };
        }),
        topErrorTypes: topErrorTypes(short),
      },
    };
  }
  return null;
}
