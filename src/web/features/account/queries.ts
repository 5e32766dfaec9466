import type { PartnerRole } from '../../../shared/roles.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';
import type { ApiToken, AuditEvent, Contact, Invite, Member } from '../../api/types.js';

/** A contact as the form edits it: everything but its id. */
export type ContactInput = Omit<Contact, 'id'>;

export const useMembers = (partnerId: string) => useApiQuery<Member[]>(`/partners/${partnerId}/members`);
export const useInvites = (partnerId: string, enabled: boolean) =>
  useApiQuery<Invite[]>(enabled ? `/partners/${partnerId}/invites` : null);
export const useContacts = (partnerId: string) => useApiQuery<Contact[]>(`/partners/${partnerId}/contacts`);
export const useTokens = (partnerId: string) => useApiQuery<ApiToken[]>(`/partners/${partnerId}/tokens`);
export const useAuditLog = (partnerId: string) => useApiQuery<AuditEvent[]>(`/partners/${partnerId}/audit`);

export const useInvite = (partnerId: string) =>
  useApiMutation<{ email: string; role: PartnerRole }>(
    'POST',
    () => `/partners/${partnerId}/invites`,
    (input) => input,
    [`/partners/${partnerId}`],
  );
export const useRevokeInvite = (partnerId: string) =>
  useApiMutation<string>(
    'DELETE',
    (id) => `/partners/${partnerId}/invites/${id}`,
    () => undefined,
    [`/partners/${partnerId}`],
  );
export const useChangeRole = (partnerId: string) =>
  useApiMutation<{ userId: string; role: PartnerRole }>(
    'PATCH',
    (i) => `/partners/${partnerId}/members/${i.userId}`,
    (i) => ({ role: i.role }),
    [`/partners/${partnerId}`],
  );
export const useRemoveMember = (partnerId: string) =>
  useApiMutation<string>(
    'DELETE',
    (id) => `/partners/${partnerId}/members/${id}`,
    () => undefined,
    [`/partners/${partnerId}`],
  );

export const useSaveContact = (partnerId: string) =>
  useApiMutation<{ id?: string; contact: ContactInput }>(
    (input) => (input.id ? 'PUT' : 'POST'),
    (input) => `/partners/${partnerId}/contacts${input.id ? `/${input.id}` : ''}`,
    (input) => input.contact,
    [`/partners/${partnerId}`],
  );
export const useRemoveContact = (partnerId: string) =>
  useApiMutation<string>(
    'DELETE',
    (id) => `/partners/${partnerId}/contacts/${id}`,
    () => undefined,
    [`/partners/${partnerId}`],
  );
export const useTestContact = (partnerId: string) =>
  useApiMutation<string>(
    'POST',
    (id) => `/partners/${partnerId}/contacts/${id}/test`,
    () => undefined,
    [`/partners/${partnerId}/audit`],
  );
export const useSaveSupportHours = (partnerId: string) =>
  useApiMutation<{ supportHours: string | null; supportTimezone: string | null }>(
    'PUT',
    () => `/partners/${partnerId}/support-hours`,
    (i) => i,
    [`/partners/${partnerId}`],
  );

export const useCreateToken = (partnerId: string) =>
  useApiMutation<string, ApiToken>(
    'POST',
    () => `/partners/${partnerId}/tokens`,
    (name) => ({ name }),
    [`/partners/${partnerId}`],
  );
export const useRevokeToken = (partnerId: string) =>
  useApiMutation<string>(
    'DELETE',
    (id) => `/partners/${partnerId}/tokens/${id}`,
    () => undefined,
    [`/partners/${partnerId}`],
  );
