import { CloseButton, Group, MultiSelect, NumberInput, Paper, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { EscalationPolicyInput } from '../../api/types.js';
import { AddRowButton, RowProblem, RowsHeading } from '../sla/parts.js';
import { type ErrorOf, problemOfRow, rowLabels } from '../sla/rows.js';
import type { Option } from './people.js';

type Level = EscalationPolicyInput['levels'][number];
type Target = Level['targets'][number];

/** A target as one select value: `user:<id>` or `schedule:<id>`. */
const targetValue = (target: Target) => `${target.type}:${target.id}`;
const targetOf = (value: string): Target => {
  const [type, id = ''] = value.split(':');
  return { type: type === 'schedule' ? 'schedule' : 'user', id };
};

export const newLevel = (): Level => ({ delayMinutes: 30, targets: [] });

/**
 * The policy's levels in order: whom each notifies (people and schedules) and how long it has before the page
 * moves on. Targets the lists do not hold (a user only admins may list) keep their place, named by `nameOf`.
 */
export function LevelsInput({
  value,
  onChange,
  errorOf,
  users,
  schedules,
  nameOf,
}: {
  value: Level[];
  onChange: (value: Level[]) => void;
  errorOf: ErrorOf;
  users: Option[];
  schedules: Option[];
  nameOf: (type: string, id: string) => string;
}) {
  const { t } = useTranslation();
  const change = (index: number, patch: Partial<Level>) =>
    onChange(value.map((level, i) => (i === index ? { ...level, ...patch } : level)));
  const known = new Set([...users, ...schedules].map((option) => option.value));
  const withValues = (type: 'user' | 'schedule', options: Option[]) => [
    ...options.map((option) => ({ value: `${type}:${option.value}`, label: option.label })),
    ...value
      .flatMap((level) => level.targets)
      .filter((target) => target.type === type && !known.has(target.id))
      .map((target) => ({ value: targetValue(target), label: nameOf(target.type, target.id) })),
  ];
  const data = [
    { group: t('escalation.people'), items: withValues('user', users) },
    { group: t('escalation.schedules'), items: withValues('schedule', schedules) },
  ];
  return (
    <Stack gap="xs">
      <RowsHeading title={t('escalation.levels')} hint={t('escalation.levelsHint')} />
      {value.map((level, index) => {
        const n = index + 1;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a level is its position, as the server names it
          <Paper key={index} withBorder p="sm">
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap">
                <Text fw={500} size="sm">
                  {t('escalation.levelN', { level: n })}
                </Text>
                {value.length > 1 && (
                  <CloseButton
                    aria-label={t('escalation.removeLevel', { level: n })}
                    onClick={() => onChange(value.filter((_, i) => i !== index))}
                  />
                )}
              </Group>
              <MultiSelect
                label={t('escalation.targetsOfLevel', { level: n })}
                placeholder={level.targets.length ? undefined : t('escalation.pickTargets')}
                searchable
                data={data}
                value={level.targets.map(targetValue)}
                error={Boolean(errorOf(`levels.${index}.targets`))}
                onChange={(values) => change(index, { targets: values.map(targetOf) })}
              />
              <NumberInput
                label={t('escalation.delayOfLevel', { level: n })}
                description={t('escalation.delayHint')}
                min={1}
                max={1440}
                allowDecimal={false}
                w={{ base: '100%', xs: 260 }}
                value={level.delayMinutes}
                error={Boolean(errorOf(`levels.${index}.delayMinutes`))}
                onChange={(minutes) => change(index, { delayMinutes: Number(minutes) || 0 })}
              />
              <RowProblem message={problemOfRow(errorOf, 'levels', index, ['targets', 'delayMinutes'])} />
            </Stack>
          </Paper>
        );
      })}
      <AddRowButton label={t('escalation.addLevel')} onClick={() => onChange([...value, newLevel()])} />
      <RowProblem message={errorOf('levels')} />
    </Stack>
  );
}

export const levelLabels = (count: number, t: TFunction) =>
  rowLabels('levels', t('escalation.levels'), count, (level) => ({
    row: t('escalation.levelN', { level }),
    fields: {
      targets: t('escalation.targetsOfLevel', { level }),
      delayMinutes: t('escalation.delayOfLevel', { level }),
    },
  }));
