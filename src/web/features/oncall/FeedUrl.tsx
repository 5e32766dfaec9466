import { Button, CopyButton, Group, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The schedule's iCalendar feed: a secret address to subscribe to in a calendar app, with a copy button. */
export function FeedUrl({ url }: { url: string }) {
  const { t } = useTranslation();
  return (
    <Group align="end" gap="xs" wrap="nowrap">
      <TextInput
        style={{ flex: 1, minWidth: 0 }}
        label={t('schedules.feed.label')}
        description={t('schedules.feed.hint')}
        readOnly
        value={url}
        onFocus={(e) => e.currentTarget.select()}
      />
      <CopyButton value={url}>
        {({ copied, copy }) => (
          <Button variant="light" color={copied ? 'teal' : undefined} onClick={copy}>
            {copied ? t('schedules.feed.copied') : t('schedules.feed.copy')}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}
