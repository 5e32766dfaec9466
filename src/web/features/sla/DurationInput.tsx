import { Group, Input, NumberInput } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Minutes entered as hours and minutes, as targets are thought of ("8 h"), stored as minutes. Both fields
 * empty is null: no value (a required target then fails on the server, which names the field).
 */
export function DurationInput({
  label,
  description,
  value,
  onChange,
  error,
  required,
}: {
  label: string;
  description?: string;
  value: number | null;
  onChange: (minutes: number | null) => void;
  error?: string;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const hours = value === null ? '' : Math.floor(value / 60);
  const minutes = value === null ? '' : value % 60;
  const combine = (h: number | string, m: number | string) =>
    h === '' && m === '' ? null : Number(h || 0) * 60 + Number(m || 0);
  return (
    <Input.Wrapper
      label={label}
      description={description}
      error={error}
      required={required}
      labelProps={{ id, htmlFor: undefined }}
    >
      <Group gap="xs" wrap="nowrap" role="group" aria-labelledby={id}>
        <NumberInput
          aria-label={t('sla.duration.hoursOf', { field: label })}
          min={0}
          allowDecimal={false}
          allowNegative={false}
          rightSection={t('sla.duration.hoursUnit')}
          rightSectionWidth={44}
          hideControls
          value={hours}
          error={Boolean(error)}
          onChange={(h) => onChange(combine(h, minutes))}
          style={{ flex: 1 }}
        />
        <NumberInput
          aria-label={t('sla.duration.minutesOf', { field: label })}
          min={0}
          max={59}
          allowDecimal={false}
          allowNegative={false}
          rightSection={t('sla.duration.minutesUnit')}
          rightSectionWidth={44}
          hideControls
          value={minutes}
          error={Boolean(error)}
          onChange={(m) => onChange(combine(hours, m))}
          style={{ flex: 1 }}
        />
      </Group>
    </Input.Wrapper>
  );
}
