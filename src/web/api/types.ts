import type { Locale } from '../../shared/locales.js';
import type { IntegrationState, PartnerStatus } from '../../shared/partners.js';
import type { Role } from '../../shared/roles.js';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  partnerId: string | null;
  locale: Locale;
}

export interface Session {
  user: User;
  csrfToken: string;
}

export interface Partner {
  id: string;
  name: string;
  status: PartnerStatus;
  integrationState: IntegrationState;
  createdAt: string;
  updatedAt: string;
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
