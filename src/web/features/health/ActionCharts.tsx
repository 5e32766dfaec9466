import { BarChart, CompositeChart, LineChart } from '@mantine/charts';
import { Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.js';
import { percent, useTimeLabel } from './format.js';
import type { ActionHealth, HealthRange } from './queries.js';

const TYPE_COLORS = ['red.6', 'orange.6', 'grape.6', 'pink.6', 'violet.6', 'gray.6'];
const OTHER = 'other';

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

function ChartBox({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          {title}
        </Text>
        {children}
      </Stack>
    </Paper>
  );
}

/**
 * One action over the range: its totals, success rate over call volume, errors by type (the range's five most
 * frequent types, the rest as "other"), and p50/p99 latency. Error types travel as series keys e0…e4 so a type
 * name with a dot is not read as a path.
 */
export function ActionCharts({ health, range }: { health: ActionHealth; range: HealthRange }) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useTimeLabel(range);
  const { totals } = health;
  const calls = totals.ok + totals.errors;
  const ms = (value: number | null) =>
    value === null ? '—' : t('health.ms', { value: format.number(value) });
  const types = totals.topErrorTypes.map((e) => e.type);
  const data = health.series.map((p) => {
    const point: Record<string, number | string | null> = {
      label: label(p.t),
      calls: p.ok + p.errors,
      successRate: percent(p.successRate),
      p50: p.p50Ms,
      p99: p.p99Ms,
    };
    let other = 0;
    for (const [type, n] of Object.entries(p.errorTypes)) {
      const index = types.indexOf(type);
      if (index >= 0) point[`e${index}`] = n;
      else other += n;
    }
    point[OTHER] = other;
    return point;
  });
  const hasOther = data.some((p) => (p[OTHER] as number) > 0);
  return (
    <Paper withBorder p="md" data-testid={`action-${health.action}`}>
      <Stack>
        <Title order={3} size="h4">
          {t(`healthArea.action.${health.action}`)}
        </Title>
        <Group gap="xl" wrap="wrap">
          <Figure
            label={t('health.successRate')}
            value={totals.successRate === null ? '—' : `${format.number(percent(totals.successRate) ?? 0)} %`}
            testId={`success-${health.action}`}
          />
          <Figure label={t('health.calls')} value={format.number(calls)} testId={`calls-${health.action}`} />
          <Figure
            label={t('health.errors')}
            value={format.number(totals.errors)}
            testId={`errors-${health.action}`}
          />
          <Figure label="p50" value={ms(totals.p50Ms)} testId={`p50-${health.action}`} />
          <Figure label="p99" value={ms(totals.p99Ms)} testId={`p99-${health.action}`} />
        </Group>
        {totals.topErrorTypes.length > 0 && (
          <Text size="sm">
            {t('health.topErrors')}:{' '}
            {totals.topErrorTypes.map((e) => `${e.type} (${format.number(e.count)})`).join(', ')}
          </Text>
        )}
        {calls === 0 ? (
          <Text c="dimmed">{t('health.noCalls')}</Text>
        ) : (
          <SimpleGrid cols={{ base: 1, lg: 3 }}>
            <ChartBox title={t('health.successChart')} testId={`chart-success-${health.action}`}>
              <CompositeChart
                h={220}
                data={data}
                dataKey="label"
                withRightYAxis
                withDots={false}
                connectNulls={false}
                yAxisLabel={t('health.calls')}
                rightYAxisLabel="%"
                rightYAxisProps={{ domain: [0, 100] }}
                series={[
                  { name: 'calls', label: t('health.calls'), color: 'gray.4', type: 'bar' },
                  {
                    name: 'successRate',
                    label: t('health.successRate'),
                    color: 'teal.7',
                    type: 'line',
                    yAxisId: 'right',
                  },
                ]}
              />
            </ChartBox>
            <ChartBox title={t('health.errorsChart')} testId={`chart-errors-${health.action}`}>
              <BarChart
                h={220}
                data={data}
                dataKey="label"
                type="stacked"
                withLegend
                legendProps={{ verticalAlign: 'bottom' }}
                series={[
                  ...types.map((type, i) => ({
                    name: `e${i}`,
                    label: type,
                    color: TYPE_COLORS[i] ?? 'gray.6',
                  })),
                  ...(hasOther ? [{ name: OTHER, label: t('health.otherErrors'), color: 'gray.6' }] : []),
                ]}
              />
            </ChartBox>
            <ChartBox title={t('health.latencyChart')} testId={`chart-latency-${health.action}`}>
              <LineChart
                h={220}
                data={data}
                dataKey="label"
                withDots={false}
                connectNulls={false}
                withLegend
                legendProps={{ verticalAlign: 'bottom' }}
                unit=" ms"
                series={[
                  { name: 'p50', label: 'p50', color: 'blue.6' },
                  { name: 'p99', label: 'p99', color: 'indigo.9' },
                ]}
              />
            </ChartBox>
          </SimpleGrid>
        )}
      </Stack>
    </Paper>
  );
}
