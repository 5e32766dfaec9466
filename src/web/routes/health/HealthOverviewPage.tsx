import { Sparkline } from '@mantine/charts';
import { Anchor, Badge, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { HEALTH_SEVERITIES, type HealthSeverity } from '../../../shared/health.js';
import { PARTNER_STATUSES, type PartnerStatus } from '../../../shared/partners.js';
import { DataTable } from '../../components/DataTable.js';
import { QueryState } from '../../components/QueryState.js';
import { IntegrationStateBadge, PartnerStatusBadge } from '../../components/StatusBadges.js';
import { EscalationsTable, SeverityBadge } from '../../features/health/EscalationsTable.js';
import { percent } from '../../features/health/format.js';
import { type OverviewRow, useHealthOverview, useOpenEscalations } from '../../features/health/queries.js';
import { useMinuteClock } from '../../features/health/useMinuteClock.js';
import { useFormat } from '../../i18n/format.js';

function PartnerRow({ row }: { row: OverviewRow }) {
  const { t } = useTranslation();
  const format = useFormat();
  const score = percent(row.score);
  return (
    <Table.Tr data-testid={`health-row-${row.partnerId}`}>
      <Table.Td>
        <Anchor component={Link} to={`/partners/${row.partnerId}/health`}>
          {row.name}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          <PartnerStatusBadge status={row.status} />
          {row.status === 'launched' && <IntegrationStateBadge state={row.integration} />}
        </Group>
      </Table.Td>
      <Table.Td data-testid="score">{score === null ? '—' : `${format.number(score)} %`}</Table.Td>
      <Table.Td>
        {/* A picture of the score beside it: inert, so the chart's keyboard layer adds no tab stop per row. */}
        <div inert>
          <Sparkline
            w={140}
            h={32}
            data={row.sparkline.map((rate) => percent(rate))}
            connectNulls={false}
            color={row.score !== null && row.score < 0.95 ? 'red.6' : 'teal.6'}
            data-testid="sparkline"
          />
        </div>
      </Table.Td>
      <Table.Td>
        {row.openEscalations.worstSeverity ? (
          <Group gap={4}>
            <SeverityBadge severity={row.openEscalations.worstSeverity} />
            <Badge variant="outline" color="gray">
              {row.openEscalations.count}
            </Badge>
          </Group>
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td>{row.lastSignalAt ? format.dateTime(row.lastSignalAt) : t('health.never')}</Table.Td>
    </Table.Tr>
  );
}

/** Every partner, worst first, with its last 24 hours drawn; and the open escalations across partners. */
export function HealthOverviewPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? undefined) as PartnerStatus | undefined;
  const severity = (params.get('severity') ?? undefined) as HealthSeverity | undefined;
  const overview = useHealthOverview({ ...(status && { status }), ...(severity && { severity }) });
  const escalations = useOpenEscalations();
  const now = useMinuteClock();
  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  return (
    <Stack>
      <Title order={2}>{t('health.overviewTitle')}</Title>
      <Text size="sm" c="dimmed">
        {t('health.overviewExplain')}
      </Text>
      <Group wrap="wrap">
        <Select
          label={t('health.statusFilter')}
          clearable
          w={{ base: '100%', xs: 220 }}
          placeholder={t('health.any')}
          data={PARTNER_STATUSES.map((value) => ({ value, label: t(`partnerStatus.${value}`) }))}
          value={status ?? null}
          onChange={(value) => setFilter('status', value)}
        />
        <Select
          label={t('health.severityFilter')}
          clearable
          w={{ base: '100%', xs: 220 }}
          placeholder={t('health.any')}
          data={HEALTH_SEVERITIES.map((value) => ({ value, label: t(`healthSeverity.${value}`) }))}
          value={severity ?? null}
          onChange={(value) => setFilter('severity', value)}
        />
      </Group>
      <QueryState isLoading={overview.isLoading} error={overview.error}>
        <DataTable<OverviewRow>
          minWidth={820}
          columns={[
            t('health.partner'),
            t('health.status'),
            t('health.score'),
            t('health.last24h'),
            t('health.openEscalations'),
            t('health.lastSignal'),
          ]}
          rows={overview.data}
          empty={t('health.noPartners')}
          row={(row) => <PartnerRow key={row.partnerId} row={row} />}
        />
      </QueryState>
      <Title order={3} size="h4">
        {t('health.openEscalationsTitle')}
      </Title>
      <QueryState isLoading={escalations.isLoading} error={escalations.error}>
        <EscalationsTable escalations={escalations.data} withPartner now={now} />
      </QueryState>
    </Stack>
  );
}
