import { Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../api/types.js';
import { actorText, describeChanges, type FieldChange } from '../features/audit/changes.js';
import { useFormat } from '../i18n/format.js';
import { DataTable } from './DataTable.js';

/** One field: "Status: Interested → Integrating", or the value alone when only one side exists. */
function ChangeLine({ change }: { change: FieldChange }) {
  const values = [change.before, change.after].filter((value) => value !== undefined);
  return (
    <Text size="sm">
      <Text span fw={600} size="sm">
        {change.label}:
      </Text>{' '}
      {values.join(' → ')}
    </Text>
  );
}

/** What a row is about, by name: its subject, and with `showPartner` the partner it belongs to. */
const subjectOf = (event: AuditEvent, showPartner: boolean) =>
  [
    event.names[event.subjectId],
    showPartner && event.partnerId && event.partnerId !== event.subjectId
      ? event.names[event.partnerId]
      : null,
  ]
    .filter(Boolean)
    .join(' · ');

/** Who changed what, when, and from what to what; `showPartner` where rows of several partners mix. */
export function AuditTable({ events, showPartner = false }: { events: AuditEvent[]; showPartner?: boolean }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const formatters = { t, dateTime: format.dateTime, number: format.number, language: i18n.language };
  return (
    <DataTable
      columns={[t('audit.when'), t('audit.who'), t('audit.what'), t('audit.change')]}
      rows={events}
      empty={t('audit.empty')}
      row={(event) => (
        <Table.Tr key={event.id}>
          <Table.Td>{format.dateTime(event.at)}</Table.Td>
          <Table.Td>{actorText(event, t)}</Table.Td>
          <Table.Td>
            {t(`audit.actions.${event.action}`, { defaultValue: event.action })}
            {subjectOf(event, showPartner) && (
              <Text size="sm" c="dimmed">
                {subjectOf(event, showPartner)}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <Stack gap={2}>
              {describeChanges(event, formatters).map((change) => (
                <ChangeLine key={change.field} change={change} />
              ))}
            </Stack>
          </Table.Td>
        </Table.Tr>
      )}
    />
  );
}
