export const CASE_CATEGORIES = [
  'technical_support',
  'urgent_technical_support',
  'integration_question',
  'feeds_inventory',
  'account',
] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

/** The only situations that justify the urgent category. */
export const URGENT_CRITERIA = ['integration_down', 'merchants_cannot_serve', 'orders_blocked'] as const;
export type UrgentCriterion = (typeof URGENT_CRITERIA)[number];

export const CASE_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];
/** What a partner may choose when filing; the rest is staff's call. */
export const PARTNER_PRIORITIES = ['high', 'normal'] as const satisfies readonly CasePriority[];

export const CASE_STATUSES = [
  'triage',
  'open',
  'in_progress',
  'waiting_on_partner',
  'resolved',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * The moves staff make by hand. `triage` is left only by a triage decision, a partner's reply reopens a case
 * waiting on them or resolved, auto-close ends a resolved case, and `closed` is final. The server enforces
 * it (cases/status-machine.ts); the SPA offers exactly these moves.
 */
export const STAFF_STATUS_MOVES: Record<CaseStatus, readonly CaseStatus[]> = {
  triage: [],
  open: ['in_progress'],
  in_progress: ['waiting_on_partner', 'resolved'],
  waiting_on_partner: ['in_progress', 'resolved'],
  resolved: ['open', 'closed'],
  closed: [],
};

export const CASE_QUEUES = ['partner_support', 'oncall_engineering', 'consultants'] as const;
export type CaseQueue = (typeof CASE_QUEUES)[number];

export const TRIAGE_DECISIONS = ['confirm', 'downgrade'] as const;
export type TriageDecision = (typeof TRIAGE_DECISIONS)[number];

/** What a partner tells triage about an urgent problem. */
export interface UrgentImpact {
  since: string;
  merchantsAffectedPercent?: number;
  ordersAffectedPercent?: number;
  examples?: string[];
  errorSeen?: string;
}

export const CASE_EVENT_TYPES = [
  'created',
  'triaged',
  'status',
  'assignee',
  'priority',
  'queue',
  'category',
  'comment',
  'attachment',
  'sla_policy',
  'sla_warning',
  'sla_breach',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

export const SLA_TARGETS = ['first_response', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];
