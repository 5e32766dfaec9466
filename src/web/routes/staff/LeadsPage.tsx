import { Badge, Button, Group, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';
import type { User } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorText } from '../../components/ErrorText.js';
import { QueryState } from '../../components/QueryState.js';
import { useFormat } from '../../i18n/format.js';

export function LeadsPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const format = useFormat();
  const leads = useApiQuery('/leads', () => client.GET('/api/v1/leads'));
  const convert = useApiMutation(
    ({ leadId, status }: { leadId: string; status: 'interested' | 'integrating' }) =>
      client.POST('/api/v1/leads/{leadId}/convert', { params: { path: { leadId } }, body: { status } }),
    ['/leads', '/partners'],
  );
  const canConvert = user.role === 'admin' || user.role === 'consultant';
  return (
    <Stack>
      <Title order={2}>{t('leads.title')}</Title>
      <ErrorText error={convert.error} />
      <QueryState isLoading={leads.isLoading} error={leads.error}>
        <DataTable
          columns={[
            t('leads.company'),
            t('leads.contact'),
            t('leads.countries'),
            t('leads.merchants'),
            t('leads.integrates'),
            t('leads.received'),
            '',
          ]}
          rows={leads.data}
          empty={t('leads.none')}
          row={(lead) => (
            <Table.Tr key={lead.id}>
              <Table.Td>{lead.company}</Table.Td>
              <Table.Td>
                {lead.contactName} &lt;{lead.email}&gt;
              </Table.Td>
              <Table.Td>{lead.countries.join(', ')}</Table.Td>
              <Table.Td>{format.number(lead.merchantCount)}</Table.Td>
              <Table.Td>{lead.integrates}</Table.Td>
              <Table.Td>{format.dateTime(lead.createdAt)}</Table.Td>
              <Table.Td>
                {lead.status === 'converted' ? (
                  <Badge color="green">{t('leads.converted')}</Badge>
                ) : (
                  canConvert && (
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="light"
                        onClick={() => convert.mutate({ leadId: lead.id, status: 'interested' })}
                      >
                        {t('leads.convertInterested')}
                      </Button>
                      <Button
                        size="xs"
                        onClick={() => convert.mutate({ leadId: lead.id, status: 'integrating' })}
                      >
                        {t('leads.convertIntegrating')}
                      </Button>
                    </Group>
                  )
                )}
              </Table.Td>
            </Table.Tr>
          )}
        />
      </QueryState>
    </Stack>
  );
}
