import { CloseButton, Group, NumberInput, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  NOTIFICATION_CHANNELS,
  type NotificationChannel,
  URGENCIES,
  type Urgency,
} from '../../../shared/oncall.js';
import type { NotificationRule } from '../../api/types.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { QueryState } from '../../components/QueryState.js';
import { AddRowButton, EditorActions, RowProblem } from '../sla/parts.js';
import type { ErrorOf } from '../sla/rows.js';
import { useNotificationRules, useSaveNotificationRules } from './queries.js';

/** Each rule's labels, numbered within its urgency ("Channel, high urgency rule 2"), under its API name. */
function useRuleLabels(rules: NotificationRule[]) {
  const { t } = useTranslation();
  const labels: Record<string, string> = {};
  const numberOf = (index: number) =>
    rules.slice(0, index + 1).filter((rule) => rule.urgency === rules[index]?.urgency).length;
  rules.forEach((rule, index) => {
    const params = { urgency: t(`pages.urgency.${rule.urgency}`), row: numberOf(index) };
    labels[`rules.${index}.channel`] = t('profile.rules.channelOf', params);
    labels[`rules.${index}.delayMinutes`] = t('profile.rules.delayOf', params);
    labels[`rules.${index}`] = t('profile.rules.ruleOf', params);
  });
  labels.rules = t('profile.rules.title');
  return { labels, numberOf };
}

/** One urgency's rules: channel and delay per row, kept in the whole list so errors name the row the server does. */
function UrgencyRules({
  urgency,
  rules,
  onChange,
  errorOf,
  numberOf,
}: {
  urgency: Urgency;
  rules: NotificationRule[];
  onChange: (rules: NotificationRule[]) => void;
  errorOf: ErrorOf;
  numberOf: (index: number) => number;
}) {
  const { t } = useTranslation();
  const change = (index: number, patch: Partial<NotificationRule>) =>
    onChange(rules.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)));
  const rows = rules.map((rule, index) => ({ rule, index })).filter(({ rule }) => rule.urgency === urgency);
  const urgencyName = t(`pages.urgency.${urgency}`);
  return (
    <Stack gap="xs">
      <Text fw={500}>{t(`profile.rules.${urgency}`)}</Text>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('profile.rules.noneForUrgency')}
        </Text>
      )}
      {rows.map(({ rule, index }) => {
        const params = { urgency: urgencyName, row: numberOf(index) };
        return (
          <div key={index} data-testid={`rule-${urgency}`}>
            <Group gap="xs" align="center" wrap="wrap">
              <Select
                aria-label={t('profile.rules.channelOf', params)}
                allowDeselect={false}
                w={180}
                data={NOTIFICATION_CHANNELS.map((value) => ({ value, label: t(`pages.channel.${value}`) }))}
                value={rule.channel}
                error={Boolean(errorOf(`rules.${index}.channel`))}
                onChange={(value) => value && change(index, { channel: value as NotificationChannel })}
              />
              <NumberInput
                aria-label={t('profile.rules.delayOf', params)}
                min={0}
                max={1440}
                w={110}
                allowDecimal={false}
                value={rule.delayMinutes}
                error={Boolean(errorOf(`rules.${index}.delayMinutes`))}
                onChange={(minutes) => change(index, { delayMinutes: Number(minutes) || 0 })}
              />
              <Text size="sm">
                {rule.delayMinutes === 0
                  ? t('profile.rules.atOnce')
                  : t('profile.rules.after', { minutes: rule.delayMinutes })}
              </Text>
              <CloseButton
                aria-label={t('profile.rules.remove', params)}
                onClick={() => onChange(rules.filter((_, i) => i !== index))}
              />
            </Group>
            <RowProblem
              message={
                errorOf(`rules.${index}.channel`) ??
                errorOf(`rules.${index}.delayMinutes`) ??
                errorOf(`rules.${index}`)
              }
            />
          </div>
        );
      })}
      <AddRowButton
        label={t('profile.rules.add', { urgency: urgencyName })}
        onClick={() => onChange([...rules, { urgency, channel: 'email', delayMinutes: 0 }])}
      />
    </Stack>
  );
}

function RulesForm({ initial }: { initial: NotificationRule[] }) {
  const { t } = useTranslation();
  const save = useSaveNotificationRules();
  const [rules, setRules] = useState(initial);
  const { labels, numberOf } = useRuleLabels(rules);
  const errors = fieldErrors(save.error, labels);
  const change = (next: NotificationRule[]) => {
    if (save.isSuccess) save.reset();
    setRules(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(rules, { onSuccess: (saved) => setRules(saved.rules) });
  };
  return (
    <form onSubmit={submit} aria-label={t('profile.rules.title')}>
      <Stack>
        {URGENCIES.map((urgency) => (
          <UrgencyRules
            key={urgency}
            urgency={urgency}
            rules={rules}
            onChange={change}
            errorOf={errors.errorOf}
            numberOf={numberOf}
          />
        ))}
        <RowProblem message={errors.errorOf('rules')} />
        <EditorActions
          pending={save.isPending}
          saved={save.isSuccess}
          error={errors.other}
          onCancel={() => change(initial)}
        />
      </Stack>
    </form>
  );
}

/** How a page reaches the signed-in person, per urgency: channels and delays (email at once until they change it). */
export function NotificationRulesSection() {
  const { t } = useTranslation();
  const rules = useNotificationRules();
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
      <Stack>
        <div>
          <Title order={3}>{t('profile.rules.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('profile.rules.explain')}
          </Text>
        </div>
        <QueryState isLoading={rules.isLoading} error={rules.error}>
          {rules.data && <RulesForm initial={rules.data.rules} />}
        </QueryState>
      </Stack>
    </Paper>
  );
}
