import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReportRow } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { useFormat } from '../../i18n/format.js';
import { useSlaFormat } from '../sla/format.js';

/** The report's figures per group, as the charts show them and the CSV holds them. */
export function ReportTable({ rows, labelOf }: { rows: ReportRow[]; labelOf: (row: ReportRow) => string }) {
  const { t, i18n } = useTranslation();
  const { number } = useFormat();
  const { duration } = useSlaFormat();
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  const time = (minutes: number | null) => (minutes === null ? '—' : duration(minutes));
  const nowrap = { whiteSpace: 'nowrap' } as const;
  return (
    <DataTable
      minWidth={760}
      striped
      columns={[
        t('reports.group'),
        t('reports.cases'),
        t('reports.firstResponseMedian'),
        t('reports.firstResponseP90'),
        t('reports.resolutionMedian'),
        t('reports.resolutionP90'),
        t('reports.breachRate'),
      ]}
      rows={rows}
      empty={t('reports.empty')}
      row={(row) => (
        <Table.Tr key={row.key}>
          <Table.Td>{labelOf(row)}</Table.Td>
          <Table.Td>{number(row.cases)}</Table.Td>
          <Table.Td style={nowrap}>{time(row.firstResponseMedianMinutes)}</Table.Td>
          <Table.Td style={nowrap}>{time(row.firstResponseP90Minutes)}</Table.Td>
          <Table.Td style={nowrap}>{time(row.resolutionMedianMinutes)}</Table.Td>
          <Table.Td style={nowrap}>{time(row.resolutionP90Minutes)}</Table.Td>
          <Table.Td>{percent.format(row.breachRate)}</Table.Td>
        </Table.Tr>
      )}
    />
  );
}
