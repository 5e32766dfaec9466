import type { PartnerStatus } from '../../../shared/partners.js';
import { ApiError, client } from '../../api/client.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';

const inPartner = (partnerId: string) => ({ params: { path: { partnerId } } });

export const usePartners = () => useApiQuery('/partners', () => client.GET('/api/v1/partners'));
export const usePartner = (partnerId: string) =>
  useApiQuery(`/partners/${partnerId}`, () =>
    client.GET('/api/v1/partners/{partnerId}', inPartner(partnerId)),
  );

/** The server refused a partner name another partner already has (409 naming `name`, any letter case). */
export const isNameTaken = (error: Error | null) =>
  error instanceof ApiError && error.code === 'conflict' && error.field === 'name';

export const useCreatePartner = () =>
  useApiMutation(
    (body: { name: string; status: PartnerStatus }) => client.POST('/api/v1/partners', { body }),
    ['/partners'],
  );

export const useChangeStatus = (partnerId: string) =>
  useApiMutation(
    (status: PartnerStatus) =>
      client.PATCH('/api/v1/partners/{partnerId}/status', { ...inPartner(partnerId), body: { status } }),
    ['/partners'],
  );

export const useAssignConsultant = (partnerId: string) =>
  useApiMutation(
    (consultantUserId: string | null) =>
      client.PUT('/api/v1/partners/{partnerId}/consultant', {
        ...inPartner(partnerId),
        body: { consultantUserId },
      }),
    ['/partners'],
  );

export const usePauseIntegration = (partnerId: string) =>
  useApiMutation(
    (body: { reason: string; expectedEnd: string | null }) =>
      client.POST('/api/v1/partners/{partnerId}/integration/pause', { ...inPartner(partnerId), body }),
    ['/partners'],
  );

export const useIntegrationAction = (partnerId: string, action: 'resume' | 'enable') =>
  useApiMutation(
    () =>
      action === 'resume'
        ? client.POST('/api/v1/partners/{partnerId}/integration/resume', inPartner(partnerId))
        : client.POST('/api/v1/partners/{partnerId}/integration/enable', inPartner(partnerId)),
    ['/partners'],
  );

export const useDisableIntegration = (partnerId: string) =>
  useApiMutation(
    (reason: string) =>
      client.POST('/api/v1/partners/{partnerId}/integration/disable', {
        ...inPartner(partnerId),
        body: { reason },
      }),
    ['/partners'],
  );

/** Platform staff accounts (admins only): the consultants a partner can be assigned to, and the users page. */
export const useStaffUsers = (enabled = true) =>
  useApiQuery(enabled ? '/users' : null, () => client.GET('/api/v1/users'));
