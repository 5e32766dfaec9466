export const CASE_CATEGORIES = [
  'technical_support',
  'urgent_technical_support',
  'integration_question',
] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

/** The only situations that justify the urgent category. */
export const URGENT_CRITERIA = ['integration_down', 'merchants_cannot_serve', 'orders_blocked'] as const;
export type UrgentCriterion = (typeof URGENT_CRITERIA)[number];

export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
