import { FileInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessCalendar } from '../../api/types.js';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { useImportClosures } from './queries.js';

/**
 * Reads an iCalendar file (a holiday or company calendar export) in the browser and sends its text; the server
 * adds its all-day events as closures. `onImported` hands back the calendar as stored, closures included.
 */
export function ImportClosures({
  calendarId,
  onImported,
}: {
  calendarId: string;
  onImported: (calendar: BusinessCalendar) => void;
}) {
  const { t } = useTranslation();
  const importIcs = useImportClosures(calendarId);
  const [file, setFile] = useState<File | null>(null);
  const [readError, setReadError] = useState<Error | null>(null);
  const choose = async (chosen: File | null) => {
    setFile(chosen);
    setReadError(null);
    importIcs.reset();
    if (!chosen) return;
    let ics: string;
    try {
      ics = await chosen.text();
    } catch (error) {
      setReadError(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    importIcs.mutate(ics, { onSuccess: ({ calendar }) => onImported(calendar) });
  };
  const errors = fieldErrors(readError ?? importIcs.error, { ics: t('sla.calendars.importLabel') });
  return (
    <Stack gap={4}>
      <FileInput
        label={t('sla.calendars.importLabel')}
        description={t('sla.calendars.importHint')}
        placeholder={t('sla.calendars.importPlaceholder')}
        accept=".ics,text/calendar"
        clearable
        clearButtonProps={{ 'aria-label': t('sla.calendars.importClear') }}
        value={file}
        disabled={importIcs.isPending}
        error={errors.errorOf('ics')}
        onChange={(chosen) => void choose(chosen)}
      />
      {importIcs.data && (
        <Text size="sm" c="green" role="status">
          {t('sla.calendars.imported', { count: importIcs.data.added })}
        </Text>
      )}
      <ErrorText error={errors.other} />
    </Stack>
  );
}
