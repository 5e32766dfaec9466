import { BarChart, LineChart } from '@mantine/charts';
import { Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/DataTable.js';
import { useFormat } from '../../i18n/format.js';
import { useTimeLabel } from './format.js';
import type { FeedHealth, HealthRange, PartnerHealth } from './queries.js';

const FEED_COLORS: Record<string, string> = { restaurant: 'blue.6', service: 'teal.6', menu: 'orange.6' };

/** Each feed's freshness (last clean ingestion, errors since) and its errors per step, one bar per feed. */
export function FeedsSection({ feeds, range }: { feeds: FeedHealth[]; range: HealthRange }) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useTimeLabel(range);
  const data = (feeds[0]?.series ?? []).map((point, i) => ({
    label: label(point.t),
    ...Object.fromEntries(feeds.map((f) => [f.feed, f.series[i]?.errors ?? 0])),
  }));
  return (
    <Paper withBorder p="md" data-testid="feeds">
      <Stack>
        <Title order={3} size="h4">
          {t('health.feeds')}
        </Title>
        <DataTable<FeedHealth>
          minWidth={520}
          columns={[t('health.feed'), t('health.lastClean'), t('health.errorsSince'), t('health.ingestions')]}
          rows={feeds}
          empty={t('health.noFeeds')}
          row={(feed) => (
            <Table.Tr key={feed.feed}>
              <Table.Td>{t(`healthArea.feed.${feed.feed}`)}</Table.Td>
              <Table.Td>{feed.lastCleanAt ? format.dateTime(feed.lastCleanAt) : t('health.never')}</Table.Td>
              <Table.Td>{feed.errorsSince ? format.dateTime(feed.errorsSince) : '—'}</Table.Td>
              <Table.Td>{format.number(feed.series.reduce((n, p) => n + p.ingestions, 0))}</Table.Td>
            </Table.Tr>
          )}
        />
        {feeds.length > 0 && (
          <Stack gap="xs" data-testid="chart-feed-errors">
            <Text size="sm" fw={500}>
              {t('health.feedErrorsChart')}
            </Text>
            <BarChart
              h={200}
              data={data}
              dataKey="label"
              withLegend
              legendProps={{ verticalAlign: 'bottom' }}
              series={feeds.map((f) => ({
                name: f.feed,
                label: t(`healthArea.feed.${f.feed}`),
                color: FEED_COLORS[f.feed] ?? 'gray.6',
              }))}
            />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** Mean merchants serving against the total, per step. */
export function MerchantsSection({
  merchants,
  range,
}: {
  merchants: PartnerHealth['merchants'];
  range: HealthRange;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useTimeLabel(range);
  const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
  const data = merchants.series.map((p) => ({
    label: label(p.t),
    serving: round(p.serving),
    total: round(p.total),
  }));
  return (
    <Paper withBorder p="md" data-testid="merchants">
      <Stack>
        <Title order={3} size="h4">
          {t('healthArea.merchants')}
        </Title>
        {merchants.latest === null ? (
          <Text c="dimmed">{t('health.noMerchants')}</Text>
        ) : (
          <SimpleGrid cols={1}>
            <Text data-testid="merchants-latest">
              {t('health.merchantsLatest', {
                serving: format.number(round(merchants.latest.serving) ?? 0),
                total: format.number(round(merchants.latest.total) ?? 0),
              })}
            </Text>
            <LineChart
              h={200}
              data={data}
              dataKey="label"
              withDots={false}
              connectNulls={false}
              withLegend
              legendProps={{ verticalAlign: 'bottom' }}
              series={[
                { name: 'serving', label: t('health.serving'), color: 'teal.7' },
                { name: 'total', label: t('health.total'), color: 'gray.6' },
              ]}
            />
          </SimpleGrid>
        )}
      </Stack>
    </Paper>
  );
}
