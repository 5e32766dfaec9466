import { Code, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../api/types.js';
import { useFormat } from '../i18n/format.js';
import { DataTable } from './DataTable.js';

const compact = (value: unknown) => (value == null ? '' : JSON.stringify(value));

/** Who changed what, when, and from what to what. */
export function AuditTable({ events }: { events: AuditEvent[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <DataTable
      columns={[t('audit.when'), t('audit.who'), t('audit.what'), t('audit.change')]}
      rows={events}
      empty={t('audit.empty')}
      row={(event) => (
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
      )}
    />
  );
}
