import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/DataTable.js';
import { useSlaFormat, type Weekday } from '../sla/format.js';
import type { Schedule } from './types.js';

type Layer = Schedule['layers'][number];

/** The layers in force now, in words: rotation, handoff, people in turn, and when each layer applies. */
export function LayersTable({ schedule, nameOf }: { schedule: Schedule; nameOf: (id: string) => string }) {
  const { t } = useTranslation();
  const format = useSlaFormat();
  const rotation = (layer: Layer) =>
    layer.rotation.type === 'custom'
      ? t('schedules.rotation.everyHours', { hours: layer.rotation.hours })
      : t(`schedules.rotation.${layer.rotation.type}`);
  return (
    <DataTable<Layer>
      minWidth={640}
      columns={[
        t('schedules.layer.name'),
        t('schedules.layer.rotation'),
        t('schedules.layer.handoffTime'),
        t('schedules.layer.users'),
        t('schedules.layer.restrictions'),
      ]}
      rows={schedule.layers}
      empty={t('schedules.noLayers')}
      row={(layer) => (
        <Table.Tr key={`${layer.name}:${layer.start}`}>
          <Table.Td>{layer.name}</Table.Td>
          <Table.Td>{rotation(layer)}</Table.Td>
          <Table.Td>{layer.handoffTime}</Table.Td>
          <Table.Td>{layer.users.map(nameOf).join(' → ')}</Table.Td>
          <Table.Td>
            {layer.restrictions.length === 0
              ? t('schedules.layer.always')
              : layer.restrictions.map((r) => (
                  <Text key={`${r.days.join()}${r.start}${r.end}`} size="sm">
                    {r.days.map((day) => format.weekday(day as Weekday)).join(', ')} {r.start}–{r.end}
                  </Text>
                ))}
          </Table.Td>
        </Table.Tr>
      )}
    />
  );
}
