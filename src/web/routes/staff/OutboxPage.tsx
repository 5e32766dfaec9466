import { Accordion, Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client.js';
import { useApiQuery } from '../../api/hooks.js';
import { QueryState } from '../../components/QueryState.js';
import { useFormat } from '../../i18n/format.js';

const COLOURS: Record<string, string> = { queued: 'blue', sent: 'green', failed: 'red', kept: 'gray' };
const LINK = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)])/;

/** A message body with its web addresses clickable: an invitation kept here is passed on from this page. */
function Linkified({ text }: { text: string }) {
  // split with a capturing group puts the links at the odd indexes.
  return text.split(LINK).map((part, index) =>
    index % 2 === 1 ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text, in order
      <Anchor key={index} href={part} target="_blank" rel="noopener noreferrer">
        {part}
      </Anchor>
    ) : (
      part
    ),
  );
}

/** Every message Switchboard sent or would have sent (without SMTP they stay here). */
export function OutboxPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const outbox = useApiQuery('/outbox', () => client.GET('/api/v1/outbox'));
  return (
    <Stack>
      <Title order={2}>{t('outbox.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('outbox.explain')}
      </Text>
      <QueryState isLoading={outbox.isLoading} error={outbox.error}>
        {outbox.data?.length === 0 && <Text c="dimmed">{t('outbox.none')}</Text>}
        <Accordion variant="separated">
          {outbox.data?.map((message) => (
            <Accordion.Item key={message.id} value={String(message.id)}>
              <Accordion.Control>
                <Group justify="space-between" wrap="nowrap">
                  <Text size="sm" fw={600}>
                    {message.subject}
                  </Text>
                  <Group gap="xs" wrap="nowrap">
                    <Text size="xs" c="dimmed">
                      {message.recipient}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {format.dateTime(message.createdAt)}
                    </Text>
                    <Badge color={COLOURS[message.status] ?? 'gray'}>
                      {t(`outbox.status.${message.status}`)}
                    </Badge>
                  </Group>
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  <Linkified text={message.body} />
                </Text>
                {message.lastError && (
                  <Text c="red" size="xs">
                    {message.lastError}
                  </Text>
                )}
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      </QueryState>
    </Stack>
  );
}
