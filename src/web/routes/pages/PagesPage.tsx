import { Anchor, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { PageStatus } from '../../../shared/oncall.js';
import type { PageSummary } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { QueryState } from '../../components/QueryState.js';
import { formatDuration } from '../../features/cases/sla-text.js';
import { NewPageDialog } from '../../features/pages/NewPageDialog.js';
import { TransitionButtons } from '../../features/pages/PageActions.js';
import { PageStatusBadge, SeverityBadges } from '../../features/pages/PageBadges.js';
import { usePages } from '../../features/pages/queries.js';
import { useFormat } from '../../i18n/format.js';

const FILTERS: Record<string, PageStatus[]> = {
  open: ['triggered', 'acknowledged'],
  triggered: ['triggered'],
  acknowledged: ['acknowledged'],
  resolved: ['resolved'],
  all: [],
};

/** The wall clock, a minute at a time: enough for "opened 12 min ago". */
function useMinuteClock() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function PageRow({ page, now }: { page: PageSummary; now: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const minutes = (now - new Date(page.createdAt).getTime()) / 60_000;
  return (
    <Table.Tr>
      <Table.Td>{page.number}</Table.Td>
      <Table.Td>
        <Anchor component={Link} to={`/pages/${page.id}`} style={{ overflowWrap: 'anywhere' }}>
          {page.title}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <PageStatusBadge status={page.status} />
          <SeverityBadges severity={page.severity} urgency={page.urgency} />
        </Stack>
      </Table.Td>
      <Table.Td>{page.service?.name ?? '—'}</Table.Td>
      <Table.Td>{page.status === 'resolved' ? '—' : page.level}</Table.Td>
      <Table.Td title={format.dateTime(page.createdAt)} style={{ whiteSpace: 'nowrap' }}>
        {minutes >= 1 ? t('pages.age', { duration: formatDuration(minutes) }) : t('pages.justNow')}
      </Table.Td>
      <Table.Td>
        <TransitionButtons page={page} compact />
      </Table.Td>
    </Table.Tr>
  );
}

/** On-call pages, open ones first by default, with acknowledge and resolve at hand and "Page someone". */
export function PagesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter = params.get('status') ?? 'open';
  const pages = usePages(FILTERS[filter] ?? FILTERS.open ?? []);
  const now = useMinuteClock();
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('pages.title')}</Title>
        <NewPageDialog />
      </Group>
      <Text size="sm" c="dimmed">
        {t('pages.explain')}
      </Text>
      <Select
        label={t('pages.show')}
        allowDeselect={false}
        w={{ base: '100%', xs: 260 }}
        data={Object.keys(FILTERS).map((value) => ({ value, label: t(`pages.filter.${value}`) }))}
        value={filter in FILTERS ? filter : 'open'}
        onChange={(value) => setParams(value && value !== 'open' ? { status: value } : {})}
      />
      <QueryState isLoading={pages.isLoading} error={pages.error}>
        <DataTable<PageSummary>
          minWidth={860}
          columns={[
            '#',
            t('pages.titleColumn'),
            t('pages.statusColumn'),
            t('pages.service'),
            t('pages.level'),
            t('pages.opened'),
            '',
          ]}
          rows={pages.data}
          empty={t('pages.none')}
          row={(page) => <PageRow key={page.id} page={page} now={now} />}
        />
      </QueryState>
    </Stack>
  );
}
