import type { PageStatus } from '../../../shared/oncall.js';
import { client } from '../../api/client.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';
import type { ManualPageInput, ReassignInput } from '../../api/types.js';

/** Pages with these statuses (all of them when empty), newest first; `status` travels comma-separated. */
export const usePages = (statuses: PageStatus[]) => {
  const status = statuses.length ? statuses.join(',') : undefined;
  return useApiQuery(`/pages${status ? `?status=${status}` : ''}`, () =>
    client.GET('/api/v1/pages', { params: { query: { status, limit: 200 } } }),
  );
};

export const usePage = (pageId: string) =>
  useApiQuery(`/pages/${pageId}`, () =>
    client.GET('/api/v1/pages/{pageId}', { params: { path: { pageId } } }),
  );

/** A page changes the case it came from too (the case view shows the page's status). */
const PAGE_VIEWS = ['/pages', '/cases'];

export const useOpenPage = () =>
  useApiMutation((body: ManualPageInput) => client.POST('/api/v1/pages', { body }), PAGE_VIEWS);

export const usePageTransition = (pageId: string) =>
  useApiMutation(
    (transition: 'acknowledge' | 'resolve') =>
      transition === 'acknowledge'
        ? client.POST('/api/v1/pages/{pageId}/acknowledge', { params: { path: { pageId } } })
        : client.POST('/api/v1/pages/{pageId}/resolve', { params: { path: { pageId } } }),
    PAGE_VIEWS,
  );

export const useReassignPage = (pageId: string) =>
  useApiMutation(
    (body: ReassignInput) =>
      client.POST('/api/v1/pages/{pageId}/reassign', { params: { path: { pageId } }, body }),
    PAGE_VIEWS,
  );

export const useSnoozePage = (pageId: string) =>
  useApiMutation(
    (minutes: number) =>
      client.POST('/api/v1/pages/{pageId}/snooze', { params: { path: { pageId } }, body: { minutes } }),
    PAGE_VIEWS,
  );
