import type { HealthSeverity } from '../../../shared/health.js';
import type { PartnerStatus } from '../../../shared/partners.js';
import { client } from '../../api/client.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';
import type { ResponseOf } from '../../api/types.js';

type Item<List> = List extends readonly (infer Element)[] ? Element : never;

export type HealthRange = '1h' | '24h' | '7d' | '30d';
export const HEALTH_RANGES: HealthRange[] = ['1h', '24h', '7d', '30d'];
export type PartnerHealth = ResponseOf<'/api/v1/partners/{partnerId}/health', 'get'>;
export type ActionHealth = Item<PartnerHealth['actions']>;
export type FeedHealth = Item<PartnerHealth['feeds']>;
export type OverviewRow = Item<ResponseOf<'/api/v1/health/overview', 'get'>>;
export type HealthEscalation = Item<ResponseOf<'/api/v1/escalations', 'get'>>;

export const usePartnerHealth = (partnerId: string, range: HealthRange) =>
  useApiQuery(`/partners/${partnerId}/health?range=${range}`, () =>
    client.GET('/api/v1/partners/{partnerId}/health', {
      params: { path: { partnerId }, query: { range } },
    }),
  );

export const useHealthOverview = (filter: { status?: PartnerStatus; severity?: HealthSeverity }) => {
  const search = new URLSearchParams(filter as Record<string, string>).toString();
  return useApiQuery(`/health/overview${search ? `?${search}` : ''}`, () =>
    client.GET('/api/v1/health/overview', { params: { query: filter } }),
  );
};

export const usePartnerEscalations = (partnerId: string) =>
  useApiQuery(`/partners/${partnerId}/escalations?status=all`, () =>
    client.GET('/api/v1/partners/{partnerId}/escalations', {
      params: { path: { partnerId }, query: { status: 'all' } },
    }),
  );

export const useOpenEscalations = () =>
  useApiQuery('/escalations?status=open', () =>
    client.GET('/api/v1/escalations', { params: { query: { status: 'open' } } }),
  );

/** Acknowledging changes the partner's list, the staff list and the overview's counts. */
export const useAcknowledgeEscalation = (partnerId: string) =>
  useApiMutation(
    (escalationId: string) =>
      client.POST('/api/v1/partners/{partnerId}/escalations/{escalationId}/acknowledge', {
        params: { path: { partnerId, escalationId } },
      }),
    [`/partners/${partnerId}/escalations`, '/escalations', '/health'],
  );
