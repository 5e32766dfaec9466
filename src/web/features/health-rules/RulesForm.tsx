import { Button, Card, Group, NumberInput, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { RULE_FIELDS, RULE_SECTIONS, type RuleField, toScreen, valueAt } from './fields.js';

const SUFFIX: Partial<Record<RuleField['unit'], string>> = { percent: ' %', ms: ' ms', factor: ' ×' };

export interface RulesFormProps {
  /** The settings in force, shown as the form's values. */
  settings: unknown;
  /** What a field inherits (the built-in defaults, or the platform's for a partner): an edit back to it is no override. */
  base: unknown;
  saving: boolean;
  error: Error | null;
  onSave(edited: Record<string, number | boolean>): void;
  onReset(): void;
}

/** The detection thresholds, section by section; a field that differs from what it inherits is marked. */
export function RulesForm({ settings, base, saving, error, onSave, onReset }: RulesFormProps) {
  const { t } = useTranslation();
  const [edited, setEdited] = useState<Record<string, number | boolean>>({});
  const current = (field: RuleField) => edited[field.path] ?? toScreen(field, valueAt(settings, field.path));
  const labels = Object.fromEntries(RULE_FIELDS.map((f) => [f.path, t(`healthRules.fields.${f.path}`)]));
  const errors = fieldErrors(error, labels);
  return (
    <Stack>
      {RULE_SECTIONS.map((section) => (
        <Card withBorder key={section.key}>
          <Title order={4}>{t(`healthRules.sections.${section.key}.title`)}</Title>
          <Text size="sm" c="dimmed" mb="xs">
            {t(`healthRules.sections.${section.key}.hint`)}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            {section.fields.map((field) => {
              const value = current(field);
              const inherited = toScreen(field, valueAt(base, field.path));
              const description =
                value === inherited ? undefined : t('healthRules.overridden', { value: String(inherited) });
              return field.unit === 'switch' ? (
                <Switch
                  key={field.path}
                  label={labels[field.path]}
                  description={description}
                  checked={value === true}
                  onChange={(e) => setEdited({ ...edited, [field.path]: e.currentTarget.checked })}
                />
              ) : (
                <NumberInput
                  key={field.path}
                  label={labels[field.path]}
                  description={description}
                  suffix={SUFFIX[field.unit]}
                  value={Number(value)}
                  decimalScale={field.unit === 'percent' ? 3 : 2}
                  error={errors.errorOf(field.path)}
                  onChange={(v) => setEdited({ ...edited, [field.path]: Number(v) })}
                />
              );
            })}
          </SimpleGrid>
        </Card>
      ))}
      <ErrorText error={errors.other} />
      <Group>
        <Button loading={saving} onClick={() => onSave(edited)}>
          {t('healthRules.save')}
        </Button>
        <Button
          variant="subtle"
          onClick={() => {
            setEdited({});
            onReset();
          }}
        >
          {t('healthRules.reset')}
        </Button>
      </Group>
    </Stack>
  );
}
