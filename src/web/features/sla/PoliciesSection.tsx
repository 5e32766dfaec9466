import { Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlaPolicy } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorText } from '../../components/ErrorText.js';
import { QueryState } from '../../components/QueryState.js';
import { usePartners } from '../partners/queries.js';
import { useSlaFormat } from './format.js';
import { PolicyEditor } from './PolicyEditor.js';
import { RowActions } from './parts.js';
import { useCalendars, useDeletePolicy, usePolicies } from './queries.js';

/** What a policy applies to: its partner, category and priority, or every case for a default. */
function Matches({ policy, partnerName }: { policy: SlaPolicy; partnerName: (id: string) => string }) {
  const { t } = useTranslation();
  if (!policy.partnerId && !policy.category && !policy.priority)
    return (
      <Text size="sm" fw={500}>
        {t('sla.policies.default')}
      </Text>
    );
  return (
    <Stack gap={0}>
      {policy.partnerId && (
        <Text size="sm">{t('sla.policies.partnerIs', { name: partnerName(policy.partnerId) })}</Text>
      )}
      {policy.category && (
        <Text size="sm">
          {t('sla.policies.categoryIs', { category: t(`caseCategories.${policy.category}`) })}
        </Text>
      )}
      {policy.priority && (
        <Text size="sm">
          {t('sla.policies.priorityIs', { priority: t(`casePriority.${policy.priority}`) })}
        </Text>
      )}
    </Stack>
  );
}

/** SLA policies, most specific first as cases are matched, and the one being edited. */
export function PoliciesSection() {
  const { t } = useTranslation();
  const format = useSlaFormat();
  const policies = usePolicies();
  const calendars = useCalendars();
  const partners = usePartners();
  const remove = useDeletePolicy();
  const [editing, setEditing] = useState<string | null>(null);
  const current = policies.data?.find((policy) => policy.id === editing) ?? null;
  const partnerName = (id: string) => partners.data?.find((p) => p.id === id)?.name ?? '…';
  const calendarName = (id: string | null) =>
    id === null ? t('sla.policies.always') : (calendars.data?.find((c) => c.id === id)?.name ?? '…');
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('sla.policies.explain')}
      </Text>
      <QueryState isLoading={policies.isLoading} error={policies.error}>
        <DataTable
          minWidth={720}
          columns={[
            t('sla.policies.name'),
            t('sla.policies.matches'),
            t('sla.policies.firstResponse'),
            t('sla.policies.resolution'),
            t('sla.policies.warnBefore'),
            t('sla.policies.calendar'),
            '',
          ]}
          rows={policies.data}
          empty={t('sla.policies.none')}
          row={(policy) => (
            <Table.Tr key={policy.id}>
              <Table.Td>{policy.name}</Table.Td>
              <Table.Td>
                <Matches policy={policy} partnerName={partnerName} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {format.duration(policy.firstResponseMinutes)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {format.duration(policy.resolutionMinutes)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {policy.warnBeforeMinutes === null
                  ? t('sla.policies.noWarning')
                  : format.duration(policy.warnBeforeMinutes)}
              </Table.Td>
              <Table.Td>{calendarName(policy.calendarId)}</Table.Td>
              <Table.Td>
                <RowActions
                  editLabel={t('sla.policies.editNamed', { name: policy.name })}
                  deleteQuestion={t('sla.policies.deleteQuestion', { name: policy.name })}
                  onEdit={() => setEditing(policy.id)}
                  onDelete={() =>
                    remove.mutate(policy.id, {
                      onSuccess: () => setEditing((open) => (open === policy.id ? null : open)),
                    })
                  }
                />
              </Table.Td>
            </Table.Tr>
          )}
        />
      </QueryState>
      <ErrorText error={remove.error} />
      {editing === null && (
        <Group>
          <Button onClick={() => setEditing('new')} disabled={!calendars.data || !partners.data}>
            {t('sla.policies.add')}
          </Button>
        </Group>
      )}
      <ErrorText error={calendars.error ?? partners.error} />
      {(editing === 'new' || current) && calendars.data && partners.data && (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
          <PolicyEditor
            key={editing}
            policy={current}
            calendars={calendars.data}
            partners={partners.data}
            onSaved={(saved) => setEditing(saved.id)}
            onCancel={() => setEditing(null)}
          />
        </Paper>
      )}
    </Stack>
  );
}
