import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  CASE_CATEGORIES,
  type CaseCategory,
  URGENT_CRITERIA,
  type UrgentCriterion,
} from '../../../shared/cases.js';
import type { NewCaseInput } from '../../api/types.js';
import { DateTimeField } from '../../components/DateTimeField.js';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { useCase, useOpenCase, useSimilarCases } from '../../features/cases/queries.js';

/** Order ids or URLs, one per line, as the API takes them. */
const linesOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

function SimilarCases({ partnerId, text }: { partnerId: string; text: string }) {
  const { t } = useTranslation();
  const [debounced] = useDebouncedValue(text, 400);
  const similar = useSimilarCases(partnerId, debounced);
  if (!similar.data?.length) return null;
  return (
    <Alert color="blue" title={t('cases.similarTitle')} data-testid="similar-cases">
      <Stack gap={4}>
        {similar.data.map((c) => (
          <Anchor key={c.id} component={Link} to={`/cases/${c.id}`}>
            #{c.number} {c.subject} · {t(`caseStatus.${c.status}`)}
          </Anchor>
        ))}
        <Text size="sm">{t('cases.similarHint')}</Text>
      </Stack>
    </Alert>
  );
}

/** Files one problem as one case; urgent ones say which urgent situation it is and how big the impact is. */
export function NewCasePage({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const requested = params.get('category') ?? '';
  const followUpId = params.get('followUp');
  const followUp = useCase(followUpId ? partnerId : null, followUpId ?? '', false);
  const initial = (CASE_CATEGORIES as readonly string[]).includes(requested)
    ? (requested as CaseCategory)
    : 'technical_support';
  const [category, setCategory] = useState<CaseCategory>(initial);
  const [criterion, setCriterion] = useState<UrgentCriterion | null>(null);
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [high, setHigh] = useState(false);
  const [since, setSince] = useState('');
  const [merchants, setMerchants] = useState<number | string>('');
  const [orders, setOrders] = useState<number | string>('');
  const [examples, setExamples] = useState('');
  const [errorSeen, setErrorSeen] = useState('');
  const open = useOpenCase(partnerId);
  const urgent = category === 'urgent_technical_support';
  const followUpOf = followUp.data ? `${t('cases.followUpOf', { number: followUp.data.number })}\n\n` : '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: NewCaseInput = { category, subject, description: followUpOf + description };
    if (urgent) {
      body.urgentCriterion = criterion;
      body.impact = {
        since: since ? new Date(since).toISOString() : '',
        ...(merchants === '' ? {} : { merchantsAffectedPercent: Number(merchants) }),
        ...(orders === '' ? {} : { ordersAffectedPercent: Number(orders) }),
        ...(linesOf(examples).length ? { examples: linesOf(examples) } : {}),
        ...(errorSeen.trim() ? { errorSeen } : {}),
      };
    } else if (high) {
      body.priority = 'high';
    }
    open.mutate(body, { onSuccess: (created) => navigate(`/cases/${created.id}`) });
  };
  const errors = fieldErrors(open.error, {
    category: t('cases.category'),
    urgentCriterion: t('cases.urgentWhich'),
    'impact.since': t('cases.impactSince'),
    'impact.merchantsAffectedPercent': t('cases.impactMerchants'),
    'impact.ordersAffectedPercent': t('cases.impactOrders'),
    'impact.examples': t('cases.impactExamples'),
    'impact.errorSeen': t('cases.impactError'),
    impact: t('cases.impactTitle'),
    subject: t('cases.subject'),
    description: t('cases.description'),
    priority: t('cases.priority'),
  });
  return (
    <form onSubmit={submit}>
      <Stack maw={720}>
        <Title order={2}>{t('cases.new')}</Title>
        <Select
          label={t('cases.category')}
          value={category}
          allowDeselect={false}
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
        <SimilarCases partnerId={partnerId} text={`${subject} ${description}`} />
        {urgent ? (
          <Stack gap="xs">
            <Title order={4}>{t('cases.impactTitle')}</Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <DateTimeField
                label={t('cases.impactSince')}
                required
                value={since}
                error={errors.errorOf('impact.since') ?? errors.errorOf('impact')}
                onChange={setSince}
              />
              <NumberInput
                label={t('cases.impactMerchants')}
                min={0}
                max={100}
                value={merchants}
                error={errors.errorOf('impact.merchantsAffectedPercent')}
                onChange={setMerchants}
              />
              <NumberInput
                label={t('cases.impactOrders')}
                min={0}
                max={100}
                value={orders}
                error={errors.errorOf('impact.ordersAffectedPercent')}
                onChange={setOrders}
              />
            </SimpleGrid>
            <Textarea
              label={t('cases.impactExamples')}
              autosize
              minRows={2}
              value={examples}
              error={errors.errorOf('impact.examples')}
              onChange={(e) => setExamples(e.currentTarget.value)}
            />
            <Textarea
              label={t('cases.impactError')}
              autosize
              minRows={2}
              value={errorSeen}
              error={errors.errorOf('impact.errorSeen')}
              onChange={(e) => setErrorSeen(e.currentTarget.value)}
            />
          </Stack>
        ) : (
          <Checkbox
            label={t('cases.markHigh')}
            checked={high}
            onChange={(e) => setHigh(e.currentTarget.checked)}
          />
        )}
        <Button type="submit" loading={open.isPending} disabled={urgent && !criterion} w="fit-content">
          {t('cases.submit')}
        </Button>
        <ErrorText error={errors.other} />
      </Stack>
    </form>
  );
}
