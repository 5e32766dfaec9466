import { Badge, Group, Stack, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PageEvent } from '../../api/types.js';
import { useFormat } from '../../i18n/format.js';

const DELIVERY_COLOURS: Record<string, string> = {
  sent: 'green',
  failed: 'red',
  queued: 'gray',
  kept: 'gray',
};

const textOf = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

/** What happened, in words: who was notified by which channel, who acknowledged or resolved, and how. */
function useDescribe() {
  const { t } = useTranslation();
  const via = (detail: PageEvent['detail']) => {
    const how = textOf(detail.via);
    return how ? t(`pages.via.${how}`, { defaultValue: how }) : '';
  };
  const channel = (name: string | null) => (name ? t(`pages.channel.${name}`, { defaultValue: name }) : '');
  return (event: PageEvent): { text: string; note?: string } => {
    const actor = event.actor?.name ?? via(event.detail);
    const user = event.user?.name ?? '';
    switch (event.type) {
      case 'triggered':
        return {
          text: event.actor
            ? t('pages.event.triggeredBy', { name: event.actor.name })
            : t('pages.event.triggered', { via: via(event.detail) }),
          note: t('pages.event.policy', { policy: textOf(event.detail.policy) }),
        };
      case 'trigger_joined':
        return { text: t('pages.event.trigger_joined', { via: via(event.detail) }) };
      case 'escalated':
        return {
          text: t('pages.event.escalated', {
            level: textOf(event.detail.level),
            round: textOf(event.detail.round),
          }),
          note: event.detail.fallback ? t('pages.event.fallback') : undefined,
        };
      case 'notified':
        return { text: t('pages.event.notified', { name: user, channel: channel(event.channel) }) };
      case 'notify_skipped':
        return {
          text: t('pages.event.notify_skipped', { name: user, channel: channel(event.channel) }),
          note: textOf(event.detail.reason),
        };
      case 'acknowledged':
      case 'resolved':
        return {
          text: t(`pages.event.${event.type}`, { name: actor }),
          note: event.actor && textOf(event.detail.via) ? via(event.detail) : undefined,
        };
      case 'snoozed':
        return { text: t('pages.event.snoozed', { name: actor, minutes: textOf(event.detail.minutes) }) };
      case 'reassigned':
        return { text: t('pages.event.reassigned', { name: actor, policy: textOf(event.detail.policy) }) };
      case 'snooze_ended':
      case 'ack_timed_out':
        return { text: t(`pages.event.${event.type}`) };
      default:
        return { text: event.type };
    }
  };
}

/** A notification's delivery: sent (when), failed (with the error), or still queued (after how many tries). */
function Delivery({ delivery }: { delivery: NonNullable<PageEvent['delivery']> }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Stack gap={2}>
      <Group gap="xs" wrap="wrap">
        <Badge size="sm" variant="light" color={DELIVERY_COLOURS[delivery.status] ?? 'gray'}>
          {t(`outbox.status.${delivery.status}`, { defaultValue: delivery.status })}
        </Badge>
        <Text size="xs" c="dimmed">
          {delivery.sentAt
            ? t('pages.delivery.sentAt', { at: format.dateTime(delivery.sentAt) })
            : t('pages.delivery.attempts', { attempts: delivery.attempts })}
        </Text>
      </Group>
      {delivery.lastError && (
        <Text size="xs" c="red" style={{ overflowWrap: 'anywhere' }}>
          {delivery.lastError}
        </Text>
      )}
    </Stack>
  );
}

/** The page's log, oldest first. */
export function PageTimeline({ events }: { events: PageEvent[] }) {
  const format = useFormat();
  const describe = useDescribe();
  return (
    <Timeline bulletSize={14} lineWidth={2} data-testid="page-timeline">
      {events.map((event) => {
        const { text, note } = describe(event);
        return (
          <Timeline.Item key={event.id} title={text} data-testid={`page-event-${event.type}`}>
            <Stack gap={2}>
              <Text size="xs" c="dimmed">
                {format.dateTime(event.at)}
              </Text>
              {note && (
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {note}
                </Text>
              )}
              {event.delivery && <Delivery delivery={event.delivery} />}
            </Stack>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
