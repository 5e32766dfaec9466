import { Badge, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseDetail, CaseEvent } from '../../api/types.js';
import { useFormat } from '../../i18n/format.js';

type Comment = CaseDetail['comments'][number];
type Entry = { at: string; comment?: Comment; event?: CaseEvent };

/** One line for a log event, in the viewer's language; comments are shown whole instead. */
function useEventText() {
  const { t } = useTranslation();
  return (event: CaseEvent): string => {
    const data = event.data as Record<string, string | undefined>;
    switch (event.type) {
      case 'triaged':
        return t(`caseEvents.triaged_${data.decision}`, { reason: data.reason ?? '' });
      case 'status':
        return t('caseEvents.status', { from: t(`caseStatus.${data.from}`), to: t(`caseStatus.${data.to}`) });
      case 'priority':
        return t('caseEvents.priority', {
          from: t(`casePriority.${data.from}`),
          to: t(`casePriority.${data.to}`),
        });
      case 'queue':
        return t('caseEvents.queue', { from: t(`caseQueue.${data.from}`), to: t(`caseQueue.${data.to}`) });
      case 'category':
        return t('caseEvents.category', {
          from: t(`caseCategories.${data.from}`),
          to: t(`caseCategories.${data.to}`),
        });
      case 'sla_warning':
      case 'sla_breach':
        return t(`caseEvents.${event.type}`, {
          target: t(data.target === 'resolution' ? 'cases.resolution' : 'cases.firstResponse'),
        });
      default:
        return t(`caseEvents.${event.type}`);
    }
  };
}

/** The conversation and the case's log in one column, oldest first, internal entries marked. */
export function Timeline({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const eventText = useEventText();
  const entries: Entry[] = [
    ...detail.comments.map((comment) => ({ at: comment.createdAt, comment })),
    ...detail.events.filter((event) => event.type !== 'comment').map((event) => ({ at: event.at, event })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Stack gap="xs" aria-label={t('cases.timeline')}>
      {entries.map(({ comment, event }) =>
        comment ? (
          <Card
            withBorder
            key={comment.id}
            bg={comment.internal ? 'yellow.0' : undefined}
            data-testid={comment.internal ? 'internal-note' : 'comment'}
          >
            <Group gap="xs">
              <Text size="xs" c="dimmed">
                {comment.authorName} · {format.dateTime(comment.createdAt)}
              </Text>
              {comment.internal && (
                <Badge size="xs" color="yellow">
                  {t('cases.internalBadge')}
                </Badge>
              )}
            </Group>
            <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{comment.body}</Text>
          </Card>
        ) : event ? (
          <Text key={`e${event.id}`} size="sm" c="dimmed" data-testid={`event-${event.type}`}>
            {format.dateTime(event.at)} · {event.actorName}: {eventText(event)}
          </Text>
        ) : null,
      )}
    </Stack>
  );
}
