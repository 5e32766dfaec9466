import '@mantine/notifications/styles.css';
import { Anchor, Indicator, Menu, Text, UnstyledButton } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { InAppItem } from '../../api/types.js';
import { useFormat } from '../../i18n/format.js';
import { useInAppFeed, useMarkRead } from './queries.js';

const STREAM_URL = '/api/v1/me/notifications/stream';

/** "Page #12: Checkout down" from the message's page, or the message's own title. */
function useItemTitle() {
  const { t } = useTranslation();
  return (item: InAppItem) =>
    typeof item.data.number === 'number' && typeof item.data.title === 'string'
      ? t('inApp.pageTitle', { number: item.data.number, title: item.data.title })
      : item.title;
}

/**
 * Listens to the user's live stream (same origin, so the session cookie goes along; the CSP's
 * `connect-src 'self'` allows it) and shows each new message as a toast; the browser reconnects by itself,
 * sending the last id it saw so nothing is missed or shown twice.
 */
function useLiveNotifications(onMessage: (item: InAppItem) => void) {
  const handler = useRef(onMessage);
  handler.current = onMessage;
  useEffect(() => {
    const stream = new EventSource(STREAM_URL);
    stream.addEventListener('notification', (event) => {
      handler.current(JSON.parse((event as MessageEvent<string>).data) as InAppItem);
    });
    return () => stream.close();
  }, []);
}

/** The header's bell: unread count, the latest messages in its menu (opening it marks them read), live toasts. */
export function NotificationBell() {
  const { t } = useTranslation();
  const format = useFormat();
  const feed = useInAppFeed();
  const markRead = useMarkRead();
  const titleOf = useItemTitle();
  useLiveNotifications((item) => {
    void feed.refetch();
    notifications.show({
      color: 'red',
      title: titleOf(item),
      message: item.pageId ? (
        <Anchor component={Link} to={`/pages/${item.pageId}`} size="sm">
          {t('inApp.openPage')}
        </Anchor>
      ) : undefined,
      autoClose: 15_000,
    });
  });
  const unread = feed.data?.unread ?? 0;
  const items = feed.data?.items ?? [];
  const newest = items[0]?.id;
  return (
    <>
      <Notifications position="top-right" />
      <Menu
        position="bottom-end"
        width={320}
        onOpen={() => {
          if (unread > 0 && newest !== undefined) markRead.mutate(newest);
        }}
      >
        <Menu.Target>
          <UnstyledButton
            data-testid="notification-bell"
            aria-label={unread > 0 ? t('inApp.bellUnread', { unread }) : t('inApp.bell')}
            p={4}
          >
            <Indicator label={unread} size={18} color="red" disabled={unread === 0} aria-hidden>
              <BellIcon />
            </Indicator>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('inApp.title')}</Menu.Label>
          {items.length === 0 && (
            <Text size="sm" c="dimmed" px="sm" py="xs">
              {t('inApp.none')}
            </Text>
          )}
          {items.slice(0, 10).map((item) => (
            <Menu.Item
              key={item.id}
              component={Link}
              to={item.pageId ? `/pages/${item.pageId}` : '/pages'}
              fw={item.readAt ? undefined : 700}
            >
              <Text size="sm" fw="inherit" style={{ overflowWrap: 'anywhere' }}>
                {titleOf(item)}
              </Text>
              <Text size="xs" c="dimmed">
                {format.dateTime(item.createdAt)}
              </Text>
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </>
  );
}

function BellIcon() {
  return (
    <svg
      width="22"
      height="22"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden
    >
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
    </svg>
  );
}
