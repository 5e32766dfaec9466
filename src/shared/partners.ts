/** Where a partner stands in the programme; moved forward by platform staff. */
export const PARTNER_STATUSES = ['interested', 'integrating', 'launched'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/** Whether the platform may route orders to a launched partner. */
export const INTEGRATION_STATES = ['active', 'paused', 'disabled'] as const;
export type IntegrationState = (typeof INTEGRATION_STATES)[number];
