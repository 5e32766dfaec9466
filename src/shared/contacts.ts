/** The contact roles the programme asks partners to keep. */
export const CONTACT_ROLES = [
  'alert',
  'technical_emergency',
  'technical_non_emergency',
  'operations',
] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];
