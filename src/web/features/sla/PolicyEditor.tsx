import { Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CASE_CATEGORIES,
  CASE_PRIORITIES,
  type CaseCategory,
  type CasePriority,
} from '../../../shared/cases.js';
import type { BusinessCalendar, PartnerSummary, SlaPolicy } from '../../api/types.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { DurationInput } from './DurationInput.js';
import { EditorActions } from './parts.js';
import { useSavePolicy } from './queries.js';

/** The calendar select's value for "no calendar": the clocks run around the clock. */
const ALWAYS = '24/7';

interface PolicyForm {
  name: string;
  partnerId: string | null;
  category: CaseCategory | null;
  priority: CasePriority | null;
  calendarId: string | null;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  warnBeforeMinutes: number | null;
}

const formOf = (policy: SlaPolicy | null, calendars: BusinessCalendar[]): PolicyForm =>
  policy
    ? {
        name: policy.name,
        partnerId: policy.partnerId,
        category: policy.category,
        priority: policy.priority,
        calendarId: policy.calendarId,
        firstResponseMinutes: policy.firstResponseMinutes,
        resolutionMinutes: policy.resolutionMinutes,
        warnBeforeMinutes: policy.warnBeforeMinutes,
      }
    : {
        name: '',
        partnerId: null,
        category: null,
        priority: null,
        calendarId: calendars[0]?.id ?? null,
        firstResponseMinutes: 8 * 60,
        resolutionMinutes: 40 * 60,
        warnBeforeMinutes: 60,
      };

/** Creates a policy (`policy` null) or edits one. No partner, category and priority makes it a default. */
export function PolicyEditor({
  policy,
  calendars,
  partners,
  onSaved,
  onCancel,
}: {
  policy: SlaPolicy | null;
  calendars: BusinessCalendar[];
  partners: PartnerSummary[];
  onSaved: (policy: SlaPolicy) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const save = useSavePolicy();
  const [form, setForm] = useState<PolicyForm>(() => formOf(policy, calendars));
  const set = <K extends keyof PolicyForm>(key: K, value: PolicyForm[K]) => {
    if (save.isSuccess) save.reset();
    setForm((f) => ({ ...f, [key]: value }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // An empty target goes as 0, which the server refuses under its field ("at least 1").
    const body = {
      ...form,
      firstResponseMinutes: form.firstResponseMinutes ?? 0,
      resolutionMinutes: form.resolutionMinutes ?? 0,
    };
    save.mutate(
      { policyId: policy?.id, body },
      {
        onSuccess: (saved) => {
          setForm(formOf(saved, calendars));
          onSaved(saved);
        },
      },
    );
  };
  const labels = {
    name: t('sla.policies.name'),
    partnerId: t('sla.policies.partner'),
    category: t('sla.policies.category'),
    priority: t('sla.policies.priority'),
    calendarId: t('sla.policies.calendar'),
    firstResponseMinutes: t('sla.policies.firstResponse'),
    resolutionMinutes: t('sla.policies.resolution'),
    warnBeforeMinutes: t('sla.policies.warnBefore'),
  };
  const errors = fieldErrors(save.error, labels);
  const isDefault = !form.partnerId && !form.category && !form.priority;
  return (
    <form onSubmit={submit} aria-label={t('sla.policies.editorLabel')}>
      <Stack>
        <Title order={4}>
          {policy ? t('sla.policies.edit', { name: policy.name }) : t('sla.policies.new')}
        </Title>
        <TextInput
          label={labels.name}
          required
          value={form.name}
          error={errors.errorOf('name')}
          onChange={(e) => set('name', e.currentTarget.value)}
        />
        <div>
          <Text size="sm" fw={500}>
            {t('sla.policies.matches')}
          </Text>
          <Text size="xs" c="dimmed">
            {isDefault ? t('sla.policies.defaultHint') : t('sla.policies.matchesHint')}
          </Text>
        </div>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={labels.partnerId}
            placeholder={t('sla.policies.anyPartner')}
            searchable
            clearable
            nothingFoundMessage={t('sla.policies.noPartner')}
            data={partners.map((partner) => ({ value: partner.id, label: partner.name }))}
            value={form.partnerId}
            error={errors.errorOf('partnerId')}
            onChange={(partnerId) => set('partnerId', partnerId)}
          />
          <Select
            label={labels.category}
            placeholder={t('sla.policies.anyCategory')}
            clearable
            data={CASE_CATEGORIES.map((category) => ({
              value: category,
              label: t(`caseCategories.${category}`),
            }))}
            value={form.category}
            error={errors.errorOf('category')}
            onChange={(category) => set('category', category as CaseCategory | null)}
          />
          <Select
            label={labels.priority}
            placeholder={t('sla.policies.anyPriority')}
            clearable
            data={CASE_PRIORITIES.map((priority) => ({
              value: priority,
              label: t(`casePriority.${priority}`),
            }))}
            value={form.priority}
            error={errors.errorOf('priority')}
            onChange={(priority) => set('priority', priority as CasePriority | null)}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DurationInput
            label={labels.firstResponseMinutes}
            required
            value={form.firstResponseMinutes}
            error={errors.errorOf('firstResponseMinutes')}
            onChange={(minutes) => set('firstResponseMinutes', minutes)}
          />
          <DurationInput
            label={labels.resolutionMinutes}
            required
            value={form.resolutionMinutes}
            error={errors.errorOf('resolutionMinutes')}
            onChange={(minutes) => set('resolutionMinutes', minutes)}
          />
          <DurationInput
            label={labels.warnBeforeMinutes}
            description={t('sla.policies.warnBeforeHint')}
            value={form.warnBeforeMinutes}
            error={errors.errorOf('warnBeforeMinutes')}
            onChange={(minutes) => set('warnBeforeMinutes', minutes)}
          />
          <Select
            label={labels.calendarId}
            description={t('sla.policies.calendarHint')}
            allowDeselect={false}
            data={[
              { value: ALWAYS, label: t('sla.policies.always') },
              ...calendars.map((calendar) => ({ value: calendar.id, label: calendar.name })),
            ]}
            value={form.calendarId ?? ALWAYS}
            error={errors.errorOf('calendarId')}
            onChange={(value) => value && set('calendarId', value === ALWAYS ? null : value)}
          />
        </SimpleGrid>
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
