import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../components/QueryState.js';
import { useTriage, useTriageQueue } from '../../features/cases/queries.js';
import { SignalsEvidence } from '../../features/cases/SignalsEvidence.js';
import { formatDuration } from '../../features/cases/sla-text.js';
import { useFormat } from '../../i18n/format.js';

/** The current time, ticking every `ms`: the triage countdown runs live. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** Urgent cases waiting for a decision, oldest first, each with its 15-minute review countdown. */
export function TriagePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const queue = useTriageQueue();
  const now = useNow(1000);
  return (
    <Stack maw={860}>
      <Title order={2}>{t('cases.triageTitle')}</Title>
      <QueryState isLoading={queue.isLoading} error={queue.error}>
        {queue.data?.length === 0 && <Text c="dimmed">{t('cases.triageEmpty')}</Text>}
        {queue.data?.map((c) => {
          const left = (new Date(c.reviewDueAt).getTime() - now) / 60_000;
          const seconds = Math.max(0, Math.floor((Math.abs(left) * 60) % 60));
          const countdown = `${formatDuration(Math.trunc(left))} ${String(seconds).padStart(2, '0')} s`;
          return (
            <Card withBorder key={c.id} data-testid="triage-item">
              <Group justify="space-between" wrap="wrap">
                <Anchor component={Link} to={`/cases/${c.id}`} style={{ overflowWrap: 'anywhere' }}>
                  #{c.number} {c.subject}
                </Anchor>
                <Badge
                  color={left < 0 ? 'red' : left < 5 ? 'orange' : 'blue'}
                  style={{ overflow: 'visible' }}
                >
                  {left >= 0
                    ? t('cases.reviewIn', { duration: countdown })
                    : t('cases.reviewOverdue', { duration: countdown })}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {c.partnerName} · {c.urgentCriterion ? t(`urgentCriteria.${c.urgentCriterion}`) : ''} ·{' '}
                {format.dateTime(c.createdAt)}
              </Text>
              <SignalsEvidence health={c.health} />
              {c.health.signalsConfirm && <ConfirmFromSignals partnerId={c.partnerId} caseId={c.id} />}
            </Card>
          );
        })}
      </QueryState>
    </Stack>
  );
}

/** The one click "signals confirm" earns: the partner's own signals show the problem it reports. */
function ConfirmFromSignals({ partnerId, caseId }: { partnerId: string; caseId: string }) {
  const { t } = useTranslation();
  const triage = useTriage(partnerId, caseId);
  return (
    <Button
      mt="xs"
      color="red"
      w="fit-content"
      loading={triage.isPending}
      onClick={() => triage.mutate({ decision: 'confirm' })}
    >
      {t('cases.confirmFromSignals')}
    </Button>
  );
}
