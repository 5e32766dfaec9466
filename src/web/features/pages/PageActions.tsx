import { Button, Group, NumberInput, Radio, Select, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageSummary } from '../../api/types.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { usePagingTargets } from '../escalation/people.js';
import { usePolicies } from '../escalation/queries.js';
import { usePageTransition, useReassignPage, useSnoozePage } from './queries.js';

/** Acknowledge while it is triggered, resolve until it is resolved; `size` and the page's number name them in a list. */
export function TransitionButtons({ page, compact = false }: { page: PageSummary; compact?: boolean }) {
  const { t } = useTranslation();
  const change = usePageTransition(page.id);
  const size = compact ? 'xs' : 'sm';
  const named = (key: string) => (compact ? { 'aria-label': t(key, { number: page.number }) } : {});
  if (page.status === 'resolved') return null;
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap">
        {page.status === 'triggered' && (
          <Button
            size={size}
            color="yellow"
            loading={change.isPending && change.variables === 'acknowledge'}
            onClick={() => change.mutate('acknowledge')}
            {...named('pages.acknowledgeNumber')}
          >
            {t('pages.acknowledge')}
          </Button>
        )}
        <Button
          size={size}
          color="green"
          variant={compact ? 'light' : 'filled'}
          loading={change.isPending && change.variables === 'resolve'}
          onClick={() => change.mutate('resolve')}
          {...named('pages.resolveNumber')}
        >
          {t('pages.resolve')}
        </Button>
      </Group>
      <ErrorText error={change.error} />
    </Stack>
  );
}

/** Hands the page to one person or another policy; it starts again at that policy's first level. */
function ReassignButton({ page }: { page: PageSummary }) {
  const { t } = useTranslation();
  const reassign = useReassignPage(page.id);
  const targets = usePagingTargets();
  const policies = usePolicies();
  const [to, setTo] = useState<'user' | 'policy'>('user');
  const [choice, setChoice] = useState<string | null>(null);
  const labels = { userId: t('pages.reassignUser'), escalationPolicyId: t('pages.reassignPolicy') };
  const errors = fieldErrors(reassign.error, labels);
  return (
    <ConfirmButton
      variant="default"
      label={t('pages.reassign')}
      question={t('pages.reassignQuestion', { number: page.number })}
      confirmDisabled={!choice}
      onOpen={() => {
        reassign.reset();
        setChoice(null);
      }}
      onConfirm={() =>
        reassign.mutateAsync(to === 'user' ? { userId: choice ?? '' } : { escalationPolicyId: choice ?? '' })
      }
    >
      <Stack gap="sm">
        <Radio.Group
          label={t('pages.reassignTo')}
          value={to}
          onChange={(value) => {
            setTo(value as 'user' | 'policy');
            setChoice(null);
          }}
        >
          <Group mt={4}>
            <Radio value="user" label={t('pages.toUser')} />
            <Radio value="policy" label={t('pages.toPolicy')} />
          </Group>
        </Radio.Group>
        {to === 'user' ? (
          <Select
            label={labels.userId}
            searchable
            data={targets.users}
            value={choice}
            error={errors.errorOf('userId')}
            onChange={setChoice}
          />
        ) : (
          <Select
            label={labels.escalationPolicyId}
            searchable
            data={(policies.data ?? []).map((policy) => ({ value: policy.id, label: policy.name }))}
            value={choice}
            error={errors.errorOf('escalationPolicyId')}
            onChange={setChoice}
          />
        )}
        <ErrorText error={errors.other} />
      </Stack>
    </ConfirmButton>
  );
}

/** Quiet for a while: the acknowledgement holds for `minutes`, then the page triggers again. */
function SnoozeButton({ page }: { page: PageSummary }) {
  const { t } = useTranslation();
  const snooze = useSnoozePage(page.id);
  const [minutes, setMinutes] = useState<number | string>(60);
  const errors = fieldErrors(snooze.error, { minutes: t('pages.snoozeMinutes') });
  return (
    <ConfirmButton
      variant="default"
      label={t('pages.snooze')}
      question={t('pages.snoozeQuestion', { number: page.number })}
      onOpen={() => snooze.reset()}
      onConfirm={() => snooze.mutateAsync(Number(minutes) || 0)}
    >
      <NumberInput
        label={t('pages.snoozeMinutes')}
        min={1}
        max={1440}
        allowDecimal={false}
        value={minutes}
        error={errors.errorOf('minutes')}
        onChange={setMinutes}
      />
      <ErrorText error={errors.other} />
    </ConfirmButton>
  );
}

/** The page detail's actions: the transitions, then reassign and snooze while it is open. */
export function PageActions({ page }: { page: PageSummary }) {
  if (page.status === 'resolved') return null;
  return (
    <Group gap="xs" align="start" wrap="wrap">
      <TransitionButtons page={page} />
      <ReassignButton page={page} />
      {page.status === 'acknowledged' && <SnoozeButton page={page} />}
    </Group>
  );
}
