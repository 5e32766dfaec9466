import { Code, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../api/types.js';
import { useFormat } from '../i18n/format.js';

const compact = (value: unknown) => (value == null ? '' : JSON.stringify(value));

/** Who changed what, when, and from what to what. */
export function AuditTable({ events }: { events: AuditEvent[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (events.length === 0) return <Text c="dimmed">{t('audit.empty')}</Text>;
  return (
    <Table>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('audit.when')}</Table.Th>
          <Table.Th>{t('audit.who')}</Table.Th>
          <Table.Th>{t('audit.what')}</Table.Th>
          <Table.Th>{t('audit.change')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {events.map((event) => (
          <Table.Tr key={event.id}>
            <Table.Td>{format.dateTime(event.at)}</Table.Td>
            <Table.Td>{event.actorLabel === 'system' ? t('audit.system') : event.actorLabel}</Table.Td>
            <Table.Td>{t(`audit.actions.${event.action}`, { defaultValue: event.action })}</Table.Td>
            <Table.Td>
              {event.before != null && <Code>{compact(event.before)}</Code>}
              {event.before != null && event.after != null && ' → '}
              {event.after != null && <Code>{compact(event.after)}</Code>}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
