import type { PartnerRole } from '../../../shared/roles.js';
import { client } from '../../api/client.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';
import type { ContactInput } from '../../api/types.js';

const inPartner = (partnerId: string) => ({ params: { path: { partnerId } } });

export const useMembers = (partnerId: string) =>
  useApiQuery(`/partners/${partnerId}/members`, () =>
    client.GET('/api/v1/partners/{partnerId}/members', inPartner(partnerId)),
  );
export const useInvites = (partnerId: string, enabled: boolean) =>
  useApiQuery(enabled ? `/partners/${partnerId}/invites` : null, () =>
    client.GET('/api/v1/partners/{partnerId}/invites', inPartner(partnerId)),
  );
export const useContacts = (partnerId: string) =>
  useApiQuery(`/partners/${partnerId}/contacts`, () =>
    client.GET('/api/v1/partners/{partnerId}/contacts', inPartner(partnerId)),
  );
export const useTokens = (partnerId: string) =>
  useApiQuery(`/partners/${partnerId}/tokens`, () =>
    client.GET('/api/v1/partners/{partnerId}/tokens', inPartner(partnerId)),
  );
export const useAuditLog = (partnerId: string) =>
  useApiQuery(`/partners/${partnerId}/audit`, () =>
    client.GET('/api/v1/partners/{partnerId}/audit', inPartner(partnerId)),
  );

export const useInvite = (partnerId: string) =>
  useApiMutation(
    (body: { email: string; role: PartnerRole }) =>
      client.POST('/api/v1/partners/{partnerId}/invites', { ...inPartner(partnerId), body }),
    [`/partners/${partnerId}`],
  );
export const useRevokeInvite = (partnerId: string) =>
  useApiMutation(
    (inviteId: string) =>
      client.DELETE('/api/v1/partners/{partnerId}/invites/{inviteId}', {
        params: { path: { partnerId, inviteId } },
      }),
    [`/partners/${partnerId}`],
  );
export const useChangeRole = (partnerId: string) =>
  useApiMutation(
    ({ userId, role }: { userId: string; role: PartnerRole }) =>
      client.PATCH('/api/v1/partners/{partnerId}/members/{userId}', {
        params: { path: { partnerId, userId } },
        body: { role },
      }),
    [`/partners/${partnerId}`],
  );
export const useRemoveMember = (partnerId: string) =>
  useApiMutation(
    (userId: string) =>
      client.DELETE('/api/v1/partners/{partnerId}/members/{userId}', {
        params: { path: { partnerId, userId } },
      }),
    [`/partners/${partnerId}`],
  );

export const useSaveContact = (partnerId: string) =>
  useApiMutation(
    ({ contactId, contact }: { contactId?: string; contact: ContactInput }) =>
      contactId
        ? client.PUT('/api/v1/partners/{partnerId}/contacts/{contactId}', {
            params: { path: { partnerId, contactId } },
            body: contact,
          })
        : client.POST('/api/v1/partners/{partnerId}/contacts', { ...inPartner(partnerId), body: contact }),
    [`/partners/${partnerId}`],
  );
export const useRemoveContact = (partnerId: string) =>
  useApiMutation(
    (contactId: string) =>
      client.DELETE('/api/v1/partners/{partnerId}/contacts/{contactId}', {
        params: { path: { partnerId, contactId } },
      }),
    [`/partners/${partnerId}`],
  );
export const useTestContact = (partnerId: string) =>
  useApiMutation(
    (contactId: string) =>
      client.POST('/api/v1/partners/{partnerId}/contacts/{contactId}/test', {
        params: { path: { partnerId, contactId } },
      }),
    [`/partners/${partnerId}/audit`],
  );
export const useSaveSupportHours = (partnerId: string) =>
  useApiMutation(
    (body: { supportHours: string | null; supportTimezone: string | null }) =>
      client.PUT('/api/v1/partners/{partnerId}/support-hours', { ...inPartner(partnerId), body }),
    [`/partners/${partnerId}`],
  );

export const useCreateToken = (partnerId: string) =>
  useApiMutation(
    (name: string) =>
      client.POST('/api/v1/partners/{partnerId}/tokens', { ...inPartner(partnerId), body: { name } }),
    [`/partners/${partnerId}`],
  );
export const useRevokeToken = (partnerId: string) =>
  useApiMutation(
    (tokenId: string) =>
      client.DELETE('/api/v1/partners/{partnerId}/tokens/{tokenId}', {
        params: { path: { partnerId, tokenId } },
      }),
    [`/partners/${partnerId}`],
  );
