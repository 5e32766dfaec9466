import { client } from '../../api/client.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';
import type { CaseChanges, NewCaseInput, QueueFilters, TriageInput } from '../../api/types.js';

export const usePartnerCases = (partnerId: string) =>
  useApiQuery(`/partners/${partnerId}/cases`, () =>
    client.GET('/api/v1/partners/{partnerId}/cases', {
      params: { path: { partnerId }, query: { limit: 200 } },
    }),
  );

/** A case as the viewer may see it: partners through their partner's path, staff by id alone. */
export const useCase = (partnerId: string | null, caseId: string, staff: boolean) =>
  useApiQuery(staff ? `/cases/${caseId}` : partnerId ? `/partners/${partnerId}/cases/${caseId}` : null, () =>
    staff
      ? client.GET('/api/v1/cases/{caseId}', { params: { path: { caseId } } })
      : client.GET('/api/v1/partners/{partnerId}/cases/{caseId}', {
          params: { path: { partnerId: partnerId as string, caseId } },
        }),
  );

export const useAssignedCases = (enabled: boolean) =>
  useApiQuery(enabled ? '/cases/assigned' : null, () => client.GET('/api/v1/cases/assigned'));

export const useSimilarCases = (partnerId: string, text: string) =>
  useApiQuery(
    text.trim().length >= 3 ? `/partners/${partnerId}/cases/similar?q=${encodeURIComponent(text)}` : null,
    () =>
      client.GET('/api/v1/partners/{partnerId}/cases/similar', {
        params: { path: { partnerId }, query: { q: text } },
      }),
  );

/** The staff queue with its filters; `status` travels as a comma-separated list. */
export const useQueue = (filters: QueueFilters, cursor: string | null) => {
  const query = {
    ...filters,
    status: filters.status?.length ? filters.status.join(',') : undefined,
    ...(cursor ? { cursor } : {}),
  };
  const search = new URLSearchParams(
    Object.entries(query).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])),
  ).toString();
  return useApiQuery(`/cases?${search}`, () => client.GET('/api/v1/cases', { params: { query } }));
};

export const useTriageQueue = () => useApiQuery('/cases/triage', () => client.GET('/api/v1/cases/triage'));

export const useCaseViews = () => useApiQuery('/case-views', () => client.GET('/api/v1/case-views'));
export const useSaveCaseView = () =>
  useApiMutation(
    (body: { name: string; filters: QueueFilters }) => client.POST('/api/v1/case-views', { body }),
    ['/case-views'],
  );
export const useDeleteCaseView = () =>
  useApiMutation(
    (viewId: string) => client.DELETE('/api/v1/case-views/{viewId}', { params: { path: { viewId } } }),
    ['/case-views'],
  );

export const useOpenCase = (partnerId: string) =>
  useApiMutation(
    (body: NewCaseInput) =>
      client.POST('/api/v1/partners/{partnerId}/cases', { params: { path: { partnerId } }, body }),
    [`/partners/${partnerId}/cases`, '/cases'],
  );

const casePaths = (partnerId: string, caseId: string) => [
  `/partners/${partnerId}/cases`,
  '/cases',
  `/cases/${caseId}`,
];

export const useComment = (partnerId: string, caseId: string) =>
  useApiMutation(
    (body: { body: string; internal?: boolean }) =>
      client.POST('/api/v1/partners/{partnerId}/cases/{caseId}/comments', {
        params: { path: { partnerId, caseId } },
        body,
      }),
    casePaths(partnerId, caseId),
  );

export const useUpdateCase = (partnerId: string, caseId: string) =>
  useApiMutation(
    (body: CaseChanges) =>
      client.PATCH('/api/v1/partners/{partnerId}/cases/{caseId}', {
        params: { path: { partnerId, caseId } },
        body,
      }),
    casePaths(partnerId, caseId),
  );

export const useTriage = (partnerId: string, caseId: string) =>
  useApiMutation(
    (body: TriageInput) =>
      client.POST('/api/v1/partners/{partnerId}/cases/{caseId}/triage', {
        params: { path: { partnerId, caseId } },
        body,
      }),
    casePaths(partnerId, caseId),
  );

export const useCaseReport = (groupBy: 'category' | 'partner' | 'month') =>
  useApiQuery(`/reports/cases?groupBy=${groupBy}`, () =>
    client.GET('/api/v1/reports/cases', { params: { query: { groupBy } } }),
  );

/** Uploads files to the case as one multipart request (all stored or none). */
export const useUpload = (partnerId: string, caseId: string) =>
  useApiMutation(
    (files: File[]) => {
      const form = new FormData();
      for (const file of files) form.append('file', file);
      return client.POST('/api/v1/partners/{partnerId}/cases/{caseId}/attachments', {
        params: { path: { partnerId, caseId } },
        // The generated type describes the form's fields; the browser sends the FormData with its boundary.
        body: form as never,
        bodySerializer: () => form,
      });
    },
    casePaths(partnerId, caseId),
  );

export const useFollowCase = (partnerId: string, caseId: string) =>
  useApiMutation(
    (subscribed: boolean) =>
      client.PUT('/api/v1/partners/{partnerId}/cases/{caseId}/subscription', {
        params: { path: { partnerId, caseId } },
        body: { subscribed },
      }),
    casePaths(partnerId, caseId),
  );
