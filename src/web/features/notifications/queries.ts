import { client } from '../../api/client.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';

const FEED = '/me/notifications';

/** The in-app messages: the latest ones and how many are unread (the bell's badge). */
export const useInAppFeed = () => useApiQuery(FEED, () => client.GET('/api/v1/me/notifications'));

export const useMarkRead = () =>
  useApiMutation(
    (upToId: number) => client.POST('/api/v1/me/notifications/read', { body: { upToId } }),
    [FEED],
  );
