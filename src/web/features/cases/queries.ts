import { client } from '../../api/client.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';
import type { NewCaseInput } from '../../api/types.js';

export const usePartnerCases = (partnerId: string) =>
  useApiQuery(`/partners/${partnerId}/cases`, () =>
    client.GET('/api/v1/partners/{partnerId}/cases', { params: { path: { partnerId } } }),
  );
export const useCase = (partnerId: string | null, caseId: string) =>
  useApiQuery(partnerId ? `/partners/${partnerId}/cases/${caseId}` : null, () =>
    client.GET('/api/v1/partners/{partnerId}/cases/{caseId}', {
      params: { path: { partnerId: partnerId as string, caseId } },
    }),
  );
export const useAssignedCases = (enabled: boolean) =>
  useApiQuery(enabled ? '/cases/assigned' : null, () => client.GET('/api/v1/cases/assigned'));

export const useOpenCase = (partnerId: string) =>
  useApiMutation(
    (body: NewCaseInput) =>
      client.POST('/api/v1/partners/{partnerId}/cases', { params: { path: { partnerId } }, body }),
    [`/partners/${partnerId}/cases`],
  );
export const useComment = (partnerId: string, caseId: string) =>
  useApiMutation(
    (body: string) =>
      client.POST('/api/v1/partners/{partnerId}/cases/{caseId}/comments', {
        params: { path: { partnerId, caseId } },
        body: { body },
      }),
    [`/partners/${partnerId}/cases`],
  );
