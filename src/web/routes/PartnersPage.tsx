import { Anchor, Button, Group, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PARTNER_STATUSES, type PartnerStatus } from '../../shared/partners.js';
import type { User } from '../api/types.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorText } from '../components/ErrorText.js';
import { fieldErrors } from '../components/FieldErrors.js';
import { QueryState } from '../components/QueryState.js';
import { IntegrationStateBadge, integrationMatters, PartnerStatusBadge } from '../components/StatusBadges.js';
import { isNameTaken, useCreatePartner, usePartners } from '../features/partners/queries.js';
import { useFormat } from '../i18n/format.js';

function AddPartnerForm() {
  const { t } = useTranslation();
  const create = useCreatePartner();
  const [name, setName] = useState('');
  const [status, setStatus] = useState<PartnerStatus>('interested');
  const [submitted, setSubmitted] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(name.trim());
    create.mutate({ name, status }, { onSuccess: () => setName('') });
  };
  const errors = fieldErrors(create.error, { name: t('partners.name'), status: t('partners.status') });
  const nameError = isNameTaken(create.error)
    ? t('partners.nameTaken', { name: submitted })
    : errors.errorOf('name');
  return (
    <form onSubmit={submit}>
      <Group align="end">
        <TextInput
          label={t('partners.name')}
          required
          value={name}
          error={nameError}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Select
          label={t('partners.status')}
          value={status}
          onChange={(value) => value && setStatus(value as PartnerStatus)}
          error={errors.errorOf('status')}
          data={PARTNER_STATUSES.map((s) => ({ value: s, label: t(`partnerStatus.${s}`) }))}
        />
        <Button type="submit" loading={create.isPending}>
          {t('partners.add')}
        </Button>
      </Group>
      <ErrorText error={errors.other} />
    </form>
  );
}

export function PartnersPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const format = useFormat();
  const partners = usePartners();
  return (
    <Stack>
      <Title order={2}>{t('partners.title')}</Title>
      {user.role === 'admin' && <AddPartnerForm />}
      <QueryState isLoading={partners.isLoading} error={partners.error}>
        <DataTable
          striped
          columns={[
            t('partners.name'),
            t('partners.status'),
            t('partners.integration'),
            t('partners.created'),
          ]}
          rows={partners.data}
          empty={t('partners.empty')}
          row={(partner) => (
            <Table.Tr key={partner.id}>
              <Table.Td>
                <Anchor component={Link} to={`/partners/${partner.id}`}>
                  {partner.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <PartnerStatusBadge status={partner.status} />
              </Table.Td>
              <Table.Td>
                {integrationMatters(partner) ? (
                  <IntegrationStateBadge state={partner.integrationState} />
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>{format.date(partner.createdAt)}</Table.Td>
            </Table.Tr>
          )}
        />
      </QueryState>
    </Stack>
  );
}
