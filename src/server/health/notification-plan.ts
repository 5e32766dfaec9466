import type { ContactRole } from '../../shared/contacts.js';
import type { HealthSeverity } from '../../shared/health.js';
import type { HealthRuleSettings } from './rules/settings.js';

/** Who is told, how, and when (minutes after the escalation opened or was raised), repeating until acknowledged. */
export interface NotificationStep {
  role: ContactRole;
  /** `all`: every channel the contact has (email, and the webhook when set); `email`: email only. */
  channels: 'all' | 'email';
  atMinutes: number;
  repeatEveryMinutes: number | null;
}

/**
 * The programme's escalation by severity. Acknowledging ends the whole plan, the operations step included: it
 * brings in the merchants' side only when an hour has passed with no one on the partner's side answering.
 * Raising the severity replaces the plan and starts the new one from its beginning.
 */
export function notificationPlan(
  severity: HealthSeverity,
  settings: HealthRuleSettings['escalation'],
): NotificationStep[] {
  const { criticalRepeatMinutes, operationsAfterMinutes, highRepeatMinutes } = settings;
  if (severity === 'critical')
    return [
      step('technical_emergency', 'all', 0, criticalRepeatMinutes),
      step('alert', 'all', 0, criticalRepeatMinutes),
      step('operations', 'all', operationsAfterMinutes),
    ];
  if (severity === 'high') return [step('technical_emergency', 'all', 0, highRepeatMinutes)];
  return [step('alert', 'email', 0)];
}

const step = (
  role: ContactRole,
  channels: NotificationStep['channels'],
  atMinutes: number,
  repeatEveryMinutes: number | null = null,
): NotificationStep => ({ role, channels, atMinutes, repeatEveryMinutes });

const isDueAt = (step: NotificationStep, minute: number) =>
  minute === step.atMinutes ||
  (step.repeatEveryMinutes !== null &&
    minute > step.atMinutes &&
    (minute - step.atMinutes) % step.repeatEveryMinutes === 0);

/** The steps to send at this minute of the plan. */
export function stepsDueAt(plan: readonly NotificationStep[], minute: number): NotificationStep[] {
  return plan.filter((step) => isDueAt(step, minute));
}

/** The next minute after `minute` at which a step is due, or null when the plan has nothing more to send. */
export function nextDueAfter(plan: readonly NotificationStep[], minute: number): number | null {
  let next: number | null = null;
  for (const step of plan) {
    let due: number | null = step.atMinutes;
    if (due <= minute)
      due =
        step.repeatEveryMinutes === null
          ? null
          : step.atMinutes +
            (Math.floor((minute - step.atMinutes) / step.repeatEveryMinutes) + 1) * step.repeatEveryMinutes;
    if (due !== null && (next === null || due < next)) next = due;
  }
  return next;
}

/** Which sending of its step a notice at `minute` is: 0 the first, 1 the first repeat, and so on. */
export const repeatIndex = (step: NotificationStep, minute: number): number =>
  step.repeatEveryMinutes === null ? 0 : Math.floor((minute - step.atMinutes) / step.repeatEveryMinutes);
