import { Button, Card, Group, Select, Stack, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CASE_PRIORITIES,
  CASE_QUEUES,
  type CasePriority,
  type CaseQueue,
  STAFF_STATUS_MOVES,
} from '../../../shared/cases.js';
import type { CaseDetail, User } from '../../api/types.js';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { useTriage, useUpdateCase } from './queries.js';
import { SignalsEvidence } from './SignalsEvidence.js';

/** Status, priority, queue and assignee for support staff. */
export function StaffControls({ detail, user }: { detail: CaseDetail; user: User }) {
  const { t } = useTranslation();
  const update = useUpdateCase(detail.partnerId, detail.id);
  const moves = STAFF_STATUS_MOVES[detail.status];
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap">
          {moves.map((to) => (
            <Button
              key={to}
              size="xs"
              variant="light"
              loading={update.isPending}
              onClick={() => update.mutate({ status: to })}
            >
              {t('cases.changeStatus')}: {t(`caseStatus.${to}`)}
            </Button>
          ))}
          {detail.assigneeUserId !== user.id ? (
            <Button size="xs" variant="subtle" onClick={() => update.mutate({ assigneeUserId: user.id })}>
              {t('cases.assignee')}: {t('cases.me')}
            </Button>
          ) : (
            <Button size="xs" variant="subtle" onClick={() => update.mutate({ assigneeUserId: null })}>
              {t('cases.unassigned')}
            </Button>
          )}
        </Group>
        <Group gap="xs" grow preventGrowOverflow={false} wrap="wrap">
          <Select
            label={t('cases.priority')}
            value={detail.priority}
            allowDeselect={false}
            disabled={detail.status === 'closed'}
            data={CASE_PRIORITIES.map((p) => ({ value: p, label: t(`casePriority.${p}`) }))}
            onChange={(value) => value && update.mutate({ priority: value as CasePriority })}
            miw={160}
          />
          <Select
            label={t('cases.queue')}
            value={detail.queue}
            allowDeselect={false}
            disabled={detail.status === 'closed'}
            data={CASE_QUEUES.map((q) => ({ value: q, label: t(`caseQueue.${q}`) }))}
            onChange={(value) => value && update.mutate({ queue: value as CaseQueue })}
            miw={160}
          />
        </Group>
        <ErrorText error={update.error} />
      </Stack>
    </Card>
  );
}

/** Triage's decision on a case in triage, and escalation of any unfinished case to on-call. */
export function TriagePanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const triage = useTriage(detail.partnerId, detail.id);
  const [reason, setReason] = useState('');
  const [priority, setPriority] = useState<'high' | 'normal'>('normal');
  const finished = detail.status === 'resolved' || detail.status === 'closed';
  if (finished || (detail.priority === 'urgent' && detail.queue === 'oncall_engineering')) return null;
  const errors = fieldErrors(triage.error, { reason: t('cases.reason') });
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={4}>{t('cases.triageDecisionTitle')}</Title>
        {detail.health && <SignalsEvidence health={detail.health} />}
        <Button
          color="red"
          w="fit-content"
          loading={triage.isPending}
          onClick={() => triage.mutate({ decision: 'confirm' })}
        >
          {detail.status === 'triage' ? t('cases.confirm') : t('cases.escalate')}
        </Button>
        {detail.status === 'triage' && (
          <>
            <Textarea
              label={t('cases.reason')}
              value={reason}
              autosize
              minRows={2}
              error={errors.errorOf('reason')}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <Select
              label={t('cases.downgradePriority')}
              value={priority}
              allowDeselect={false}
              data={(['normal', 'high'] as const).map((p) => ({ value: p, label: t(`casePriority.${p}`) }))}
              onChange={(value) => value && setPriority(value as 'high' | 'normal')}
              maw={240}
            />
            <Button
              variant="default"
              w="fit-content"
              loading={triage.isPending}
              onClick={() => triage.mutate({ decision: 'downgrade', reason, priority })}
            >
              {t('cases.downgrade')}
            </Button>
          </>
        )}
        <ErrorText error={errors.other} />
      </Stack>
    </Card>
  );
}
