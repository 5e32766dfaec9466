/** Pages move triggered → acknowledged → resolved; an acknowledgement that times out goes back to triggered. */
export const PAGE_STATUSES = ['triggered', 'acknowledged', 'resolved'] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

/** PagerDuty's Events API v2 severities. */
export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const URGENCIES = ['high', 'low'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** As PagerDuty's dynamic notifications map them: critical and error wake people up. */
export function urgencyOf(severity: Severity): Urgency {
  return severity === 'critical' || severity === 'error' ? 'high' : 'low';
}

export const NOTIFICATION_CHANNELS = ['email', 'webhook', 'in_app'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const INTEGRATION_TYPES = ['events_v2', 'alertmanager'] as const;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];

export interface EscalationTarget {
  type: 'user' | 'schedule';
  id: string;
}

export interface EscalationLevel {
  /** How long this level has before the page moves on to the next (PagerDuty's escalation delay). */
  delayMinutes: number;
  targets: EscalationTarget[];
}

/** The policy as it was when the page opened (or was reassigned); later edits never change a running page. */
export interface PolicySnapshot {
  policyId: string | null;
  name: string;
  levels: EscalationLevel[];
  repeat: number;
}
