/** Roles held by the platform's own staff. */
export const STAFF_ROLES = ['admin', 'support_agent', 'triage', 'oncall_engineer', 'consultant'] as const;
/** Roles held by members of a partner organisation. */
export const PARTNER_ROLES = ['partner_admin', 'partner_member'] as const;
export const ROLES = [...STAFF_ROLES, ...PARTNER_ROLES] as const;

export type StaffRole = (typeof STAFF_ROLES)[number];
export type PartnerRole = (typeof PARTNER_ROLES)[number];
export type Role = (typeof ROLES)[number];

export function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

export function isPartnerRole(role: string): role is PartnerRole {
  return (PARTNER_ROLES as readonly string[]).includes(role);
}
