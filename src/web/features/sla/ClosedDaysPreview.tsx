import { Group, NumberInput, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/DataTable.js';
import { QueryState } from '../../components/QueryState.js';
import { useSlaFormat } from './format.js';
import { useClosedDays } from './queries.js';

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

/** The days a saved calendar is closed in a year: its public holidays and closures, as the clocks skip them. */
export function ClosedDaysPreview({ calendarId }: { calendarId: string }) {
  const { t } = useTranslation();
  const format = useSlaFormat();
  const [year, setYear] = useState<number | string>(new Date().getFullYear());
  // Half-typed years ("20") ask nothing: the server would refuse them.
  const wanted = typeof year === 'number' && year >= MIN_YEAR && year <= MAX_YEAR ? year : null;
  const days = useClosedDays(calendarId, wanted);
  return (
    <Stack gap="xs">
      <Group align="end" wrap="wrap">
        <NumberInput
          w={120}
          label={t('sla.preview.year')}
          min={MIN_YEAR}
          max={MAX_YEAR}
          allowDecimal={false}
          allowNegative={false}
          thousandSeparator=""
          value={year}
          onChange={setYear}
        />
        <Text size="xs" c="dimmed" style={{ flex: 1, minWidth: 180 }}>
          {t('sla.preview.hint')}
        </Text>
      </Group>
      {wanted !== null && (
        <QueryState isLoading={days.isLoading} error={days.error}>
          <DataTable
            minWidth={320}
            columns={[t('sla.preview.date'), t('sla.preview.name')]}
            rows={days.data}
            empty={t('sla.preview.none', { year: wanted })}
            row={(day) => (
              <Table.Tr key={day.date}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.day(day.date)}</Table.Td>
                <Table.Td>{day.name}</Table.Td>
              </Table.Tr>
            )}
          />
        </QueryState>
      )}
    </Stack>
  );
}
