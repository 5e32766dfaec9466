import { Alert, Anchor, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client } from '../../api/client.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';
import type { Lead, User } from '../../api/types.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorText } from '../../components/ErrorText.js';
import { QueryState } from '../../components/QueryState.js';
import { isNameTaken } from '../../features/partners/queries.js';
import { useFormat } from '../../i18n/format.js';

type Conversion = 'interested' | 'integrating';

/** A conversion also invites the lead's contact as partner admin: the question says so before it happens. */
function ConvertButton({
  lead,
  status,
  onConvert,
}: {
  lead: Lead;
  status: Conversion;
  onConvert: (lead: Lead, status: Conversion) => void;
}) {
  const { t } = useTranslation();
  return (
    <ConfirmButton
      size="xs"
      variant={status === 'interested' ? 'light' : 'filled'}
      label={t(status === 'interested' ? 'leads.convertInterested' : 'leads.convertIntegrating')}
      question={t('leads.convertQuestion', {
        company: lead.company,
        status: t(`partnerStatus.${status}`),
        contact: lead.contactName,
        email: lead.email,
      })}
      onConfirm={() => onConvert(lead, status)}
    />
  );
}

export function LeadsPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const format = useFormat();
  const leads = useApiQuery('/leads', () => client.GET('/api/v1/leads'));
  const convert = useApiMutation(
    ({ leadId, status }: { leadId: string; status: Conversion }) =>
      client.POST('/api/v1/leads/{leadId}/convert', { params: { path: { leadId } }, body: { status } }),
    ['/leads', '/partners'],
  );
  const [converting, setConverting] = useState<Lead | null>(null);
  const onConvert = (lead: Lead, status: Conversion) => {
    setConverting(lead);
    convert.mutate({ leadId: lead.id, status });
  };
  const canConvert = user.role === 'admin' || user.role === 'consultant';
  return (
    <Stack>
      <Title order={2}>{t('leads.title')}</Title>
      {convert.data && converting && (
        <Alert color={convert.data.delivery === 'email' ? 'green' : 'orange'} role="status">
          {t(convert.data.delivery === 'email' ? 'leads.convertedInvited' : 'leads.convertedKept', {
            company: converting.company,
            email: converting.email,
          })}{' '}
          <Anchor component={Link} to={`/partners/${convert.data.partnerId}`}>
            {t('leads.openPartner')}
          </Anchor>
          {convert.data.delivery === 'outbox' && user.role === 'admin' && (
            <>
              {' · '}
              <Anchor component={Link} to="/outbox">
                {t('members.openOutbox')}
              </Anchor>
            </>
          )}
        </Alert>
      )}
      {isNameTaken(convert.error) && converting ? (
        <Text c="red" size="sm" role="alert">
          {t('leads.nameTaken', { company: converting.company })}
        </Text>
      ) : (
        <ErrorText error={convert.error} />
      )}
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
                  <Group gap="xs" wrap="nowrap">
                    <Badge color="green">{t('leads.converted')}</Badge>
                    {lead.partnerId && (
                      <Anchor component={Link} to={`/partners/${lead.partnerId}`} size="sm">
                        {t('leads.openPartner')}
                      </Anchor>
                    )}
                  </Group>
                ) : (
                  canConvert && (
                    <Group gap="xs" wrap="nowrap">
                      <ConvertButton lead={lead} status="interested" onConvert={onConvert} />
                      <ConvertButton lead={lead} status="integrating" onConvert={onConvert} />
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
