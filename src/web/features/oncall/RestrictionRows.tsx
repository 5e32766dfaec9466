import { CloseButton, Group, MultiSelect, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSlaFormat, WEEKDAYS } from '../sla/format.js';
import { AddRowButton, RowProblem } from '../sla/parts.js';
import type { ErrorOf } from '../sla/rows.js';
import type { RestrictionInput } from './types.js';

/**
 * When a layer may have someone on call (none: always). Rows have no identity but their position, which is
 * also how the server names a refused one (`layers.0.restrictions.1.end`), so they are keyed by index.
 */
export function RestrictionRows({
  layer,
  value,
  onChange,
  errorOf,
}: {
  /** The layer's index. */
  layer: number;
  value: RestrictionInput[];
  onChange: (value: RestrictionInput[]) => void;
  errorOf: ErrorOf;
}) {
  const { t } = useTranslation();
  const format = useSlaFormat();
  const days = WEEKDAYS.map((day) => ({ value: day, label: format.weekday(day) }));
  const change = (index: number, patch: Partial<RestrictionInput>) =>
    onChange(value.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const field = `layers.${layer}.restrictions`;
  return (
    <Stack gap="xs">
      <div>
        <Text size="sm" fw={500}>
          {t('schedules.layer.restrictions')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('schedules.restriction.hint')}
        </Text>
      </div>
      {value.map((row, index) => {
        const names = { layer: layer + 1, row: index + 1 };
        const at = (name: string) => errorOf(`${field}.${index}.${name}`);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a row is its position (see above)
          <div key={index}>
            <Group gap="xs" align="center">
              <MultiSelect
                w={{ base: '100%', xs: 280 }}
                aria-label={t('schedules.restriction.days', names)}
                data={days}
                value={row.days}
                error={Boolean(at('days'))}
                onChange={(picked) => change(index, { days: picked as RestrictionInput['days'] })}
              />
              <TextInput
                w={80}
                aria-label={t('schedules.restriction.start', names)}
                placeholder="09:00"
                maxLength={5}
                value={row.start}
                error={Boolean(at('start'))}
                onChange={(e) => change(index, { start: e.currentTarget.value })}
              />
              <Text aria-hidden>–</Text>
              <TextInput
                w={80}
                aria-label={t('schedules.restriction.end', names)}
                placeholder="17:00"
                maxLength={5}
                value={row.end}
                error={Boolean(at('end'))}
                onChange={(e) => change(index, { end: e.currentTarget.value })}
              />
              <CloseButton
                aria-label={t('schedules.restriction.remove', names)}
                onClick={() => onChange(value.filter((_, i) => i !== index))}
              />
            </Group>
            <RowProblem message={at('days') ?? at('start') ?? at('end') ?? errorOf(`${field}.${index}`)} />
          </div>
        );
      })}
      <AddRowButton
        label={t('schedules.restriction.add')}
        onClick={() =>
          onChange([...value, { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }])
        }
      />
      <RowProblem message={errorOf(field)} />
    </Stack>
  );
}
