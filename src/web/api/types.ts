import type { CaseCategory, UrgentCriterion } from '../../shared/cases.js';
import type { ContactRole } from '../../shared/contacts.js';
import type { Locale } from '../../shared/locales.js';
import type { IntegrationState, PartnerStatus } from '../../shared/partners.js';
import type { PartnerRole, Role } from '../../shared/roles.js';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  partnerId: string | null;
  locale: Locale;
  contactsPromptedAt: string | null;
}

export interface Session {
  user: User;
  csrfToken: string;
}

export type PartnerSummary = Pick<
  Partner,
  'id' | 'name' | 'status' | 'integrationState' | 'consultantUserId' | 'createdAt'
>;

export interface Partner {
  id: string;
  name: string;
  status: PartnerStatus;
  integrationState: IntegrationState;
  stateReason: string | null;
  stateChangedAt: string | null;
  pausedUntil: string | null;
  consultantUserId: string | null;
  supportHours: string | null;
  supportTimezone: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PartnerAccount extends Partner {
  consultant: { name: string; email: string } | null;
  stateChangedBy: string | null;
  hasTechnicalEmergencyContact: boolean;
}

export interface Member extends User {
  disabledAt: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface Invite {
  id: string;
  email: string;
  role: PartnerRole;
  expiresAt: string;
  createdAt: string;
}

export interface Contact {
  id: string;
  role: ContactRole;
  name: string;
  email: string;
  phone: string | null;
  webhookUrl: string | null;
  locale: Locale;
}

export interface ApiToken {
  id: string;
  name: string;
  tokenPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  secret?: string;
}

export interface AuditEvent {
  id: number;
  at: string;
  actorLabel: string;
  action: string;
  subjectType: string;
  before: unknown;
  after: unknown;
}

export interface Case {
  id: string;
  number: number;
  partnerId: string;
  category: CaseCategory;
  urgentCriterion: UrgentCriterion | null;
  subject: string;
  description: string;
  status: string;
  assigneeUserId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CaseDetail extends Case {
  comments: { id: string; authorName: string; body: string; createdAt: string }[];
}

export interface Lead {
  id: string;
  company: string;
  contactName: string;
  email: string;
  countries: string[];
  merchantCount: number;
  integrates: string;
  status: string;
  partnerId: string | null;
  createdAt: string;
}

export interface Notification {
  id: number;
  recipient: string;
  locale: Locale;
  template: string;
  subject: string;
  body: string;
  status: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface Job {
  id: number;
  name: string;
  status: string;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}
