import { client } from '../../api/client.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';
import type { NotificationRule } from '../../api/types.js';

export const useNotificationRules = () =>
  useApiQuery('/me/notification-rules', () => client.GET('/api/v1/me/notification-rules'));

export const useSaveNotificationRules = () =>
  useApiMutation(
    (rules: NotificationRule[]) => client.PUT('/api/v1/me/notification-rules', { body: { rules } }),
    ['/me/notification-rules'],
  );

export const useWebhook = () => useApiQuery('/me/webhook', () => client.GET('/api/v1/me/webhook'));

export const useSaveWebhook = () =>
  useApiMutation((url: string) => client.PUT('/api/v1/me/webhook', { body: { url } }), ['/me/webhook']);

export const useRemoveWebhook = () =>
  useApiMutation(() => client.DELETE('/api/v1/me/webhook'), ['/me/webhook']);
