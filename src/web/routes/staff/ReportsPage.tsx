import { Button, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/QueryState.js';
import { useGroupLabel } from '../../features/reports/labels.js';
import { REPORT_GROUPS, type ReportGroup } from '../../features/reports/period.js';
import { caseReportCsvUrl, useCaseReport } from '../../features/reports/queries.js';
import { ReportCharts } from '../../features/reports/ReportCharts.js';
import { ReportTable } from '../../features/reports/ReportTable.js';

/** Case reports for staff: response and resolution times and breach rate by category, partner or month. */
export function ReportsPage() {
  const { t } = useTranslation();
  const [groupBy, setGroupBy] = useState<ReportGroup>('category');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const report = useCaseReport(groupBy, from, to);
  const labelOf = useGroupLabel(groupBy);
  const rows = report.data ?? [];
  return (
    <Stack>
      <div>
        <Title order={2}>{t('reports.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('reports.intro')}
        </Text>
      </div>
      <Group align="end" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500} id="report-group-by">
            {t('reports.groupBy')}
          </Text>
          <SegmentedControl
            aria-labelledby="report-group-by"
            value={groupBy}
            onChange={(value) => setGroupBy(value as ReportGroup)}
            data={REPORT_GROUPS.map((group) => ({ value: group, label: t(`reports.groups.${group}`) }))}
          />
        </Stack>
        <TextInput
          type="date"
          w={170}
          label={t('reports.from')}
          value={from}
          max={to || undefined}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        <TextInput
          type="date"
          w={170}
          label={t('reports.to')}
          value={to}
          min={from || undefined}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
        <Button component="a" variant="light" href={caseReportCsvUrl(groupBy, from, to)} download>
          {t('reports.downloadCsv')}
        </Button>
      </Group>
      <QueryState isLoading={report.isLoading} error={report.error}>
        {rows.length > 0 && <ReportCharts rows={rows} labelOf={labelOf} />}
        <ReportTable rows={rows} labelOf={labelOf} />
      </QueryState>
    </Stack>
  );
}
