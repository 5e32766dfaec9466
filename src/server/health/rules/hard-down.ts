import { actionArea, type Finding, type HealthAction } from '../../../shared/health.js';
import { MINUTE } from '../../lib/clock.js';
import type { CallStats } from '../buckets.js';
import { topErrorTypes } from './numbers.js';
import type { HealthRuleSettings } from './settings.js';
import type { Streak } from './streak.js';

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

/**
 * The programme's disable criteria, as critical: more than `maxConsecutiveFailures` failed calls in a row, or
 * calls that kept arriving and failing for `downMinutes` with no success between them. It holds until a call
 * succeeds: a partner that stops being called is not thereby up (pausing the integration is how a partner says
 * so, and suppresses it). `recent` only lends the error types to the evidence.
 */
export function hardDownFinding(
  action: HealthAction,
  streak: Streak,
  recent: Pick<CallStats, 'errorTypes'>,
  settings: HealthRuleSettings['hardDown'],
): Finding | null {
  const { failures, failingSince, lastFailureAt } = streak;
  if (failures === 0 || failingSince === null || lastFailureAt === null) return null;
  const downMinutes = (lastFailureAt - failingSince) / MINUTE;
  if (failures <= settings.maxConsecutiveFailures && downMinutes < settings.downMinutes) return null;
  return {
    area: actionArea(action),
    rule: 'hard_down',
    severity: 'critical',
    evidence: {
      consecutiveFailures: failures,
      failingSince: iso(failingSince),
      lastFailureAt: iso(lastFailureAt),
      lastOkAt: iso(streak.lastOkAt),
      failingMinutes: Math.floor(downMinutes),
      topErrorTypes: topErrorTypes(recent),
    },
  };
}
