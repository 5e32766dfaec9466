import type { PartnerStatus } from '../../../shared/partners.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';
import type { Partner, PartnerAccount, PartnerSummary } from '../../api/types.js';

export const usePartners = () => useApiQuery<PartnerSummary[]>('/partners');
export const usePartner = (partnerId: string) => useApiQuery<PartnerAccount>(`/partners/${partnerId}`);

export const useCreatePartner = () =>
  useApiMutation<{ name: string; status: PartnerStatus }, Partner>(
    'POST',
    () => '/partners',
    (input) => input,
    ['/partners'],
  );

export const useChangeStatus = (partnerId: string) =>
  useApiMutation<PartnerStatus>(
    'PATCH',
    () => `/partners/${partnerId}/status`,
    (status) => ({ status }),
    ['/partners'],
  );

export const useAssignConsultant = (partnerId: string) =>
  useApiMutation<string | null>(
    'PUT',
    () => `/partners/${partnerId}/consultant`,
    (consultantUserId) => ({ consultantUserId }),
    ['/partners'],
  );

export const usePauseIntegration = (partnerId: string) =>
  useApiMutation<{ reason: string; expectedEnd: string | null }>(
    'POST',
    () => `/partners/${partnerId}/integration/pause`,
    (input) => input,
    ['/partners'],
  );

export const useIntegrationAction = (partnerId: string, action: 'resume' | 'enable') =>
  useApiMutation<void>(
    'POST',
    () => `/partners/${partnerId}/integration/${action}`,
    () => undefined,
    ['/partners'],
  );

export const useDisableIntegration = (partnerId: string) =>
  useApiMutation<string>(
    'POST',
    () => `/partners/${partnerId}/integration/disable`,
    (reason) => ({ reason }),
    ['/partners'],
  );
