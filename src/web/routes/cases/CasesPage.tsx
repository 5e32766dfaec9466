import { Anchor, Badge, Button, Group, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Case } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { QueryState } from '../../components/QueryState.js';
import { useAssignedCases, usePartnerCases } from '../../features/cases/queries.js';
import { useFormat } from '../../i18n/format.js';

function CaseRows({ rows, showPartner }: { rows: Case[]; showPartner: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = [
    '#',
    t('cases.subject'),
    ...(showPartner ? [t('cases.partner')] : []),
    t('cases.category'),
    t('cases.status'),
    t('cases.updated'),
  ];
  return (
    <DataTable
      columns={columns}
      rows={rows}
      empty={t('cases.none')}
      row={(c) => (
        <Table.Tr key={c.id}>
          <Table.Td>{c.number}</Table.Td>
          <Table.Td>
            <Anchor component={Link} to={`/cases/${c.id}`}>
              {c.subject}
            </Anchor>
          </Table.Td>
          {showPartner && <Table.Td>{c.partnerName}</Table.Td>}
          <Table.Td>
            <Badge variant="light" color={c.category === 'urgent_technical_support' ? 'red' : 'blue'}>
              {t(`caseCategories.${c.category}`)}
            </Badge>
          </Table.Td>
          <Table.Td>{t(`caseStatus.${c.status}`)}</Table.Td>
          <Table.Td>{format.dateTime(c.updatedAt)}</Table.Td>
        </Table.Tr>
      )}
    />
  );
}

export function PartnerCasesPage({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const cases = usePartnerCases(partnerId);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('cases.title')}</Title>
        <Button component={Link} to="/cases/new">
          {t('cases.new')}
        </Button>
      </Group>
      <QueryState isLoading={cases.isLoading} error={cases.error}>
        <CaseRows rows={cases.data?.items ?? []} showPartner={false} />
      </QueryState>
    </Stack>
  );
}

export function AssignedCasesPage() {
  const { t } = useTranslation();
  const cases = useAssignedCases(true);
  return (
    <Stack>
      <Title order={2}>{t('cases.assigned')}</Title>
      <QueryState isLoading={cases.isLoading} error={cases.error}>
        <CaseRows rows={cases.data ?? []} showPartner />
      </QueryState>
    </Stack>
  );
}
