import { client } from '../../api/client.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';
import type { EscalationPolicyInput, OncallServiceInput, OncallSettings } from '../../api/types.js';

const POLICIES = ['/escalation-policies'];
const SERVICES = ['/services', '/oncall-settings'];

export const usePolicies = () =>
  useApiQuery('/escalation-policies', () => client.GET('/api/v1/escalation-policies'));

/** Creates a policy, or replaces the one `policyId` names (open pages keep the levels they opened with). */
export const useSavePolicy = () =>
  useApiMutation(
    ({ policyId, body }: { policyId?: string; body: EscalationPolicyInput }) =>
      policyId
        ? client.PUT('/api/v1/escalation-policies/{policyId}', { params: { path: { policyId } }, body })
        : client.POST('/api/v1/escalation-policies', { body }),
    POLICIES,
  );

export const useDeletePolicy = () =>
  useApiMutation(
    (policyId: string) =>
      client.DELETE('/api/v1/escalation-policies/{policyId}', { params: { path: { policyId } } }),
    POLICIES,
  );

export const useServices = () => useApiQuery('/services', () => client.GET('/api/v1/services'));

export const useSaveService = () =>
  useApiMutation(
    ({ serviceId, body }: { serviceId?: string; body: OncallServiceInput }) =>
      serviceId
        ? client.PUT('/api/v1/services/{serviceId}', { params: { path: { serviceId } }, body })
        : client.POST('/api/v1/services', { body }),
    SERVICES,
  );

export const useDeleteService = () =>
  useApiMutation(
    (serviceId: string) => client.DELETE('/api/v1/services/{serviceId}', { params: { path: { serviceId } } }),
    SERVICES,
  );

export const useAddIntegration = (serviceId: string) =>
  useApiMutation(
    (type: 'events_v2' | 'alertmanager') =>
      client.POST('/api/v1/services/{serviceId}/integrations', {
        params: { path: { serviceId } },
        body: { type },
      }),
    SERVICES,
  );

export const useRemoveIntegration = (serviceId: string) =>
  useApiMutation(
    (integrationId: string) =>
      client.DELETE('/api/v1/services/{serviceId}/integrations/{integrationId}', {
        params: { path: { serviceId, integrationId } },
      }),
    SERVICES,
  );

export const useOncallSettings = () =>
  useApiQuery('/oncall-settings', () => client.GET('/api/v1/oncall-settings'));

export const useSaveOncallSettings = () =>
  useApiMutation(
    (body: OncallSettings) => client.PUT('/api/v1/oncall-settings', { body }),
    ['/oncall-settings'],
  );

/** Every staff user (disabled ones flagged), readable by any staff member, unlike the admins' user list. */
export const useStaffDirectory = () =>
  useApiQuery('/staff-directory', () => client.GET('/api/v1/staff-directory'));

export const useSchedules = () => useApiQuery('/schedules', () => client.GET('/api/v1/schedules'));
