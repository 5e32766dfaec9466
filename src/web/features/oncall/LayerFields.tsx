import {
  CloseButton,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DateTimeField } from '../../components/DateTimeField.js';
import type { ErrorOf } from '../sla/rows.js';
import type { PersonOption } from './people.js';
import { RestrictionRows } from './RestrictionRows.js';
import type { LayerInput } from './types.js';

const ROTATIONS = ['daily', 'weekly', 'custom'] as const;

/** One layer of a schedule: its rotation, handoff, people in turn, and the times it applies. */
export function LayerFields({
  index,
  value,
  onChange,
  onRemove,
  people,
  errorOf,
}: {
  index: number;
  value: LayerInput;
  onChange: (value: LayerInput) => void;
  onRemove: () => void;
  people: PersonOption[];
  errorOf: ErrorOf;
}) {
  const { t } = useTranslation();
  const n = { layer: index + 1 };
  const field = `layers.${index}`;
  const set = <K extends keyof LayerInput>(key: K, next: LayerInput[K]) =>
    onChange({ ...value, [key]: next });
  const custom = value.rotation.type === 'custom';
  return (
    <Paper withBorder p={{ base: 'xs', sm: 'sm' }}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600}>{t('schedules.layer.title', n)}</Text>
          <CloseButton aria-label={t('schedules.layer.remove', n)} onClick={onRemove} />
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('schedules.layer.nameOf', n)}
            required
            value={value.name}
            error={errorOf(`${field}.name`)}
            onChange={(e) => set('name', e.currentTarget.value)}
          />
          <DateTimeField
            label={t('schedules.layer.startOf', n)}
            description={t('schedules.layer.startHint')}
            required
            value={value.start}
            error={errorOf(`${field}.start`)}
            onChange={(start) => set('start', start)}
          />
          <Select
            label={t('schedules.layer.rotationOf', n)}
            allowDeselect={false}
            data={ROTATIONS.map((type) => ({ value: type, label: t(`schedules.rotation.${type}`) }))}
            value={value.rotation.type}
            error={errorOf(`${field}.rotation`)}
            onChange={(type) =>
              type &&
              set('rotation', type === 'custom' ? { type, hours: 12 } : { type: type as 'daily' | 'weekly' })
            }
          />
          {custom ? (
            <NumberInput
              label={t('schedules.layer.hoursOf', n)}
              required
              min={1}
              allowDecimal={false}
              value={value.rotation.hours ?? ''}
              error={errorOf(`${field}.rotation.hours`)}
              onChange={(hours) => set('rotation', { type: 'custom', hours: Number(hours) || 0 })}
            />
          ) : (
            <TextInput
              label={t('schedules.layer.handoffTimeOf', n)}
              description={t('schedules.layer.handoffHint')}
              placeholder="09:00"
              maxLength={5}
              required
              value={value.handoffTime}
              error={errorOf(`${field}.handoffTime`)}
              onChange={(e) => set('handoffTime', e.currentTarget.value)}
            />
          )}
        </SimpleGrid>
        <MultiSelect
          label={t('schedules.layer.usersOf', n)}
          description={t('schedules.layer.usersHint')}
          searchable
          required
          data={people}
          value={value.users}
          error={errorOf(`${field}.users`)}
          onChange={(users) => set('users', users)}
        />
        <RestrictionRows
          layer={index}
          value={value.restrictions ?? []}
          onChange={(restrictions) => set('restrictions', restrictions)}
          errorOf={errorOf}
        />
      </Stack>
    </Paper>
  );
}
