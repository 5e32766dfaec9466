import { Select, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessCalendar, CalendarInput } from '../../api/types.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { ClosuresInput, closureLabels } from './ClosuresInput.js';
import { ImportClosures } from './ImportClosures.js';
import { EditorActions } from './parts.js';
import { useSaveCalendar } from './queries.js';
import { WeeklyHoursInput, weeklyHoursLabels } from './WeeklyHoursInput.js';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

const newCalendar = (): CalendarInput => ({
  name: '',
  timeZone: browserZone(),
  weeklyHours: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({
    day,
    start: '09:00',
    end: '17:00',
  })),
  holidays: null,
  closures: [],
});

/** What a calendar is saved with; its id and dates are not sent back. */
const inputOf = ({ name, timeZone, weeklyHours, holidays, closures }: BusinessCalendar): CalendarInput => ({
  name,
  timeZone,
  weeklyHours,
  holidays,
  closures,
});

/** Every zone the browser knows, plus the calendar's own if it spells one the browser lists differently. */
function zonesWith(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
}

/**
 * Creates a calendar (`calendar` null) or edits one. Importing an iCalendar file needs a saved calendar; its
 * closures are merged into the form so a later save keeps them.
 */
export function CalendarEditor({
  calendar,
  onSaved,
  onCancel,
}: {
  calendar: BusinessCalendar | null;
  onSaved: (calendar: BusinessCalendar) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveCalendar();
  const [form, setForm] = useState<CalendarInput>(calendar ? inputOf(calendar) : newCalendar());
  const set = <K extends keyof CalendarInput>(key: K, value: CalendarInput[K]) => {
    if (save.isSuccess) save.reset();
    setForm((f) => ({ ...f, [key]: value }));
  };
  // Imported closures join the form's (unsaved rows stay); the server skipped dates it already had.
  const addImported = (stored: BusinessCalendar) =>
    setForm((f) => {
      const have = new Set(f.closures.map((closure) => closure.date));
      return { ...f, closures: [...f.closures, ...stored.closures.filter((c) => !have.has(c.date))] };
    });
  const zones = useMemo(() => zonesWith(form.timeZone), [form.timeZone]);
  const holidays = form.holidays;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const region = holidays?.region?.trim();
    const body: CalendarInput = {
      ...form,
      holidays: holidays && { country: holidays.country.trim(), ...(region ? { region } : {}) },
    };
    save.mutate(
      { calendarId: calendar?.id, body },
      {
        onSuccess: (saved) => {
          setForm(inputOf(saved));
          onSaved(saved);
        },
      },
    );
  };
  const errors = fieldErrors(save.error, {
    name: t('sla.calendars.name'),
    timeZone: t('sla.calendars.timeZone'),
    ...weeklyHoursLabels(form.weeklyHours.length, t),
    'holidays.country': t('sla.calendars.country'),
    'holidays.region': t('sla.calendars.region'),
    holidays: t('sla.calendars.holidays'),
    ...closureLabels(form.closures.length, t),
  });

  return (
    <form onSubmit={submit} aria-label={t('sla.calendars.editorLabel')}>
      <Stack>
        <Title order={4}>
          {calendar ? t('sla.calendars.edit', { name: calendar.name }) : t('sla.calendars.new')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('sla.calendars.name')}
            required
            value={form.name}
            error={errors.errorOf('name')}
            onChange={(e) => set('name', e.currentTarget.value)}
          />
          <Select
            label={t('sla.calendars.timeZone')}
            searchable
            allowDeselect={false}
            nothingFoundMessage={t('sla.calendars.noZone')}
            data={zones}
            value={form.timeZone}
            error={errors.errorOf('timeZone')}
            onChange={(zone) => zone && set('timeZone', zone)}
          />
        </SimpleGrid>
        <WeeklyHoursInput
          value={form.weeklyHours}
          onChange={(weeklyHours) => set('weeklyHours', weeklyHours)}
          errorOf={errors.errorOf}
        />
        <Stack gap="xs">
          <Switch
            label={t('sla.calendars.holidays')}
            description={t('sla.calendars.holidaysHint')}
            checked={holidays !== null}
            onChange={(e) => set('holidays', e.currentTarget.checked ? { country: '' } : null)}
          />
          {holidays && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('sla.calendars.country')}
                description={t('sla.calendars.countryHint')}
                placeholder="DE"
                required
                maxLength={2}
                value={holidays.country}
                error={errors.errorOf('holidays.country') ?? errors.errorOf('holidays')}
                onChange={(e) =>
                  set('holidays', { ...holidays, country: e.currentTarget.value.toUpperCase() })
                }
              />
              <TextInput
                label={t('sla.calendars.region')}
                description={t('sla.calendars.regionHint')}
                placeholder="BY"
                value={holidays.region ?? ''}
                error={errors.errorOf('holidays.region')}
                onChange={(e) => set('holidays', { ...holidays, region: e.currentTarget.value })}
              />
            </SimpleGrid>
          )}
        </Stack>
        <ClosuresInput
          value={form.closures}
          onChange={(closures) => set('closures', closures)}
          errorOf={errors.errorOf}
        />
        {calendar ? (
          <ImportClosures calendarId={calendar.id} onImported={addImported} />
        ) : (
          <Text size="xs" c="dimmed">
            {t('sla.calendars.importAfterSave')}
          </Text>
        )}
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
