import { Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../components/FieldErrors.js';
import { AddRowButton, EditorActions, RowProblem } from '../sla/parts.js';
import { LayerFields } from './LayerFields.js';
import type { PersonOption } from './people.js';
import { useSaveSchedule } from './queries.js';
import { scheduleLabels } from './schedule-labels.js';
import type { LayerInput, Schedule, ScheduleInput } from './types.js';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Every zone the browser knows, plus the schedule's own if the browser spells it differently. */
function zonesWith(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
}

const newLayer = (t: TFunction, index: number): LayerInput => ({
  name: t('schedules.layer.title', { layer: index + 1 }),
  start: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString(),
  rotation: { type: 'weekly' },
  handoffTime: '09:00',
  users: [],
});

/** What a schedule is saved with: the layers in force now, without what the server adds. */
const inputOf = (schedule: Schedule): ScheduleInput => ({
  name: schedule.name,
  timeZone: schedule.timeZone,
  layers: schedule.layers.map((layer) => ({
    ...layer,
    rotation:
      layer.rotation.type === 'custom'
        ? { type: 'custom', hours: layer.rotation.hours }
        : { type: layer.rotation.type as 'daily' | 'weekly' },
    restrictions: layer.restrictions as LayerInput['restrictions'],
  })),
});

/** Creates a schedule (`schedule` null) or edits one; an edit applies from now on, the past keeps its layers. */
export function ScheduleEditor({
  schedule,
  people,
  onSaved,
  onCancel,
}: {
  schedule: Schedule | null;
  people: PersonOption[];
  onSaved: (schedule: Schedule) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveSchedule();
  const [form, setForm] = useState<ScheduleInput>(() =>
    schedule ? inputOf(schedule) : { name: '', timeZone: browserZone(), layers: [newLayer(t, 0)] },
  );
  const set = <K extends keyof ScheduleInput>(key: K, value: ScheduleInput[K]) => {
    if (save.isSuccess) save.reset();
    setForm((f) => ({ ...f, [key]: value }));
  };
  const zones = useMemo(() => zonesWith(form.timeZone), [form.timeZone]);
  const errors = fieldErrors(save.error, scheduleLabels(form.layers, t));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ scheduleId: schedule?.id, body: form }, { onSuccess: onSaved });
  };
  const changeLayer = (index: number, layer: LayerInput) =>
    set(
      'layers',
      form.layers.map((l, i) => (i === index ? layer : l)),
    );
  return (
    <form onSubmit={submit} aria-label={t('schedules.editorLabel')}>
      <Stack>
        <Title order={3}>
          {schedule ? t('schedules.edit', { name: schedule.name }) : t('schedules.new')}
        </Title>
        {schedule && (
          <Text size="sm" c="dimmed">
            {t('schedules.editHint')}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('schedules.name')}
            required
            value={form.name}
            error={errors.errorOf('name')}
            onChange={(e) => set('name', e.currentTarget.value)}
          />
          <Select
            label={t('schedules.timeZone')}
            searchable
            allowDeselect={false}
            nothingFoundMessage={t('schedules.noZone')}
            data={zones}
            value={form.timeZone}
            error={errors.errorOf('timeZone')}
            onChange={(zone) => zone && set('timeZone', zone)}
          />
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          {t('schedules.layersHint')}
        </Text>
        {form.layers.map((layer, index) => (
          <LayerFields
            // biome-ignore lint/suspicious/noArrayIndexKey: a layer is its position, as the server names it
            key={index}
            index={index}
            value={layer}
            people={people}
            errorOf={errors.errorOf}
            onChange={(next) => changeLayer(index, next)}
            onRemove={() =>
              set(
                'layers',
                form.layers.filter((_, i) => i !== index),
              )
            }
          />
        ))}
        <AddRowButton
          label={t('schedules.addLayer')}
          onClick={() => set('layers', [...form.layers, newLayer(t, form.layers.length)])}
        />
        <RowProblem message={errors.errorOf('layers')} />
        <EditorActions
          pending={save.isPending}
          saved={save.isSuccess}
          error={errors.other}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
