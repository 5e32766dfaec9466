import { client } from '../../api/client.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';

export const usePlatformRules = () => useApiQuery('/health-rules', () => client.GET('/api/v1/health-rules'));

export const usePartnerRules = (partnerId: string | null) =>
  useApiQuery(partnerId ? `/partners/${partnerId}/health-rules` : null, () =>
    client.GET('/api/v1/partners/{partnerId}/health-rules', {
      params: { path: { partnerId: partnerId ?? '' } },
    }),
  );

export const useSavePlatformRules = () =>
  useApiMutation(
    (body: object) => client.PUT('/api/v1/health-rules', { body }),
    ['/health-rules', '/partners'],
  );

export const useSavePartnerRules = (partnerId: string) =>
  useApiMutation(
    (body: object) =>
      client.PUT('/api/v1/partners/{partnerId}/health-rules', { params: { path: { partnerId } }, body }),
    [`/partners/${partnerId}/health-rules`],
  );
