import { BarChart } from '@mantine/charts';
import { Grid, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReportRow } from '../../api/types.js';
import { useSlaFormat } from '../sla/format.js';

const hours = (minutes: number | null) => (minutes === null ? null : Math.round(minutes / 6) / 10);

/**
 * Two charts over the same groups: first-response and resolution times (median and 90th percentile, in hours
 * so days-long resolutions and minutes-long responses share an axis), and the share of cases that breached.
 */
export function ReportCharts({ rows, labelOf }: { rows: ReportRow[]; labelOf: (row: ReportRow) => string }) {
  const { t } = useTranslation();
  const format = useSlaFormat();
  const times = rows.map((row) => ({
    group: labelOf(row),
    firstResponseMedian: hours(row.firstResponseMedianMinutes),
    firstResponseP90: hours(row.firstResponseP90Minutes),
    resolutionMedian: hours(row.resolutionMedianMinutes),
    resolutionP90: hours(row.resolutionP90Minutes),
  }));
  const breaches = rows.map((row) => ({
    group: labelOf(row),
    breachRate: Math.round(row.breachRate * 1000) / 10,
  }));
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Paper withBorder p="sm" data-testid="report-times-chart">
          <Stack gap="xs">
            <Text fw={500}>{t('reports.timesChart')}</Text>
            <BarChart
              h={280}
              data={times}
              dataKey="group"
              withLegend
              legendProps={{ verticalAlign: 'bottom' }}
              valueFormatter={(value) => format.duration(value * 60)}
              series={[
                { name: 'firstResponseMedian', label: t('reports.firstResponseMedian'), color: 'indigo.6' },
                { name: 'firstResponseP90', label: t('reports.firstResponseP90'), color: 'indigo.3' },
                { name: 'resolutionMedian', label: t('reports.resolutionMedian'), color: 'teal.6' },
                { name: 'resolutionP90', label: t('reports.resolutionP90'), color: 'teal.3' },
              ]}
            />
          </Stack>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Paper withBorder p="sm" data-testid="report-breach-chart">
          <Stack gap="xs">
            <Text fw={500}>{t('reports.breachChart')}</Text>
            <BarChart
              h={280}
              data={breaches}
              dataKey="group"
              unit="%"
              yAxisProps={{ domain: [0, 100] }}
              series={[{ name: 'breachRate', label: t('reports.breachRate'), color: 'red.6' }]}
            />
          </Stack>
        </Paper>
      </Grid.Col>
    </Grid>
  );
}
