import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';
import type { Lead, User } from '../../api/types.js';
import { ErrorText } from '../../components/ErrorText.js';
import { QueryState } from '../../components/QueryState.js';
import { useFormat } from '../../i18n/format.js';

export function LeadsPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const format = useFormat();
  const leads = useApiQuery<Lead[]>('/leads');
  const convert = useApiMutation<{ id: string; status: 'interested' | 'integrating' }>(
    'POST',
    (i) => `/leads/${i.id}/convert`,
    (i) => ({ status: i.status }),
    ['/leads', '/partners'],
  );
  const canConvert = user.role === 'admin' || user.role === 'consultant';
  return (
    <Stack>
      <Title order={2}>{t('leads.title')}</Title>
      <ErrorText error={convert.error} />
      <QueryState isLoading={leads.isLoading} error={leads.error}>
        {leads.data?.length === 0 ? (
          <Text c="dimmed">{t('leads.none')}</Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('leads.company')}</Table.Th>
                <Table.Th>{t('leads.contact')}</Table.Th>
                <Table.Th>{t('leads.countries')}</Table.Th>
                <Table.Th>{t('leads.merchants')}</Table.Th>
                <Table.Th>{t('leads.integrates')}</Table.Th>
                <Table.Th>{t('leads.received')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {leads.data?.map((lead) => (
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
                            onClick={() => convert.mutate({ id: lead.id, status: 'interested' })}
                          >
                            {t('leads.convertInterested')}
                          </Button>
                          <Button
                            size="xs"
                            onClick={() => convert.mutate({ id: lead.id, status: 'integrating' })}
                          >
                            {t('leads.convertIntegrating')}
                          </Button>
                        </Group>
                      )
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Stack>
  );
}
