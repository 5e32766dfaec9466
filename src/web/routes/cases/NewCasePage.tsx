import { Button, Radio, Select, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import {
  CASE_CATEGORIES,
  type CaseCategory,
  URGENT_CRITERIA,
  type UrgentCriterion,
} from '../../../shared/cases.js';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { useOpenCase } from '../../features/cases/queries.js';

export function NewCasePage({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const requested = params.get('category') ?? '';
  const initial = (CASE_CATEGORIES as readonly string[]).includes(requested)
    ? (requested as CaseCategory)
    : 'technical_support';
  const [category, setCategory] = useState<CaseCategory>(initial);
  const [criterion, setCriterion] = useState<UrgentCriterion | null>(null);
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const open = useOpenCase(partnerId);
  const urgent = category === 'urgent_technical_support';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    open.mutate(
      { category, subject, description, urgentCriterion: urgent ? criterion : null },
      { onSuccess: (created) => navigate(`/cases/${created.id}`) },
    );
  };
  const errors = fieldErrors(open.error, {
    category: t('cases.category'),
    urgentCriterion: t('cases.urgentWhich'),
    subject: t('cases.subject'),
    description: t('cases.description'),
  });
  return (
    <form onSubmit={submit}>
      <Stack maw={720}>
        <Title order={2}>{t('cases.new')}</Title>
        <Select
          label={t('cases.category')}
          value={category}
          onChange={(v) => v && setCategory(v as CaseCategory)}
          error={errors.errorOf('category')}
          data={CASE_CATEGORIES.map((c) => ({ value: c, label: t(`caseCategories.${c}`) }))}
        />
        {urgent && (
          <Radio.Group
            label={t('cases.urgentWhich')}
            required
            value={criterion ?? ''}
            error={errors.errorOf('urgentCriterion')}
            onChange={(v) => setCriterion(v as UrgentCriterion)}
          >
            <Stack gap="xs" mt="xs">
              {URGENT_CRITERIA.map((c) => (
                <Radio key={c} value={c} label={t(`urgentCriteria.${c}`)} />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <TextInput
          label={t('cases.subject')}
          description={t('cases.oneProblem')}
          required
          value={subject}
          error={errors.errorOf('subject')}
          onChange={(e) => setSubject(e.currentTarget.value)}
        />
        <Textarea
          label={t('cases.description')}
          required
          minRows={6}
          autosize
          value={description}
          error={errors.errorOf('description')}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <Button type="submit" loading={open.isPending} disabled={urgent && !criterion} w="fit-content">
          {t('cases.submit')}
        </Button>
        <ErrorText error={errors.other} />
      </Stack>
    </form>
  );
}
