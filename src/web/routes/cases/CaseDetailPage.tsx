import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/errors.js';
import type { CaseDetail, User } from '../../api/types.js';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { QueryState } from '../../components/QueryState.js';
import { isStaff } from '../../features/auth/session.js';
import { Attachments } from '../../features/cases/Attachments.js';
import { CaseBadges } from '../../features/cases/CaseBadges.js';
import { PageEscalation } from '../../features/cases/PageEscalation.js';
import { useCase, useComment, useFollowCase } from '../../features/cases/queries.js';
import { SlaPanel } from '../../features/cases/SlaPanel.js';
import { StaffControls, TriagePanel } from '../../features/cases/StaffControls.js';
import { Timeline } from '../../features/cases/Timeline.js';
import { useFormat } from '../../i18n/format.js';
import { NotFoundPage } from '../NotFoundPage.js';

function ReplyForm({ detail, staff }: { detail: CaseDetail; staff: boolean }) {
  const { t } = useTranslation();
  const comment = useComment(detail.partnerId, detail.id);
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    comment.mutate(staff ? { body, internal } : { body }, { onSuccess: () => setBody('') });
  };
  const label = staff ? t('cases.replyStaff') : t('cases.reply');
  const errors = fieldErrors(comment.error, { body: label });
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Textarea
          label={label}
          required
          minRows={3}
          autosize
          value={body}
          error={errors.errorOf('body')}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
        {staff && (
          <Checkbox
            label={t('cases.internal')}
            checked={internal}
            onChange={(e) => setInternal(e.currentTarget.checked)}
          />
        )}
        <Button
          type="submit"
          loading={comment.isPending}
          w="fit-content"
          color={internal ? 'yellow' : undefined}
        >
          {t('cases.send')}
        </Button>
        <ErrorText error={errors.other} />
      </Stack>
    </form>
  );
}

function ImpactCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const impact = detail.impact;
  if (!detail.urgentCriterion && !impact) return null;
  return (
    <Card withBorder>
      <Stack gap={4}>
        {detail.urgentCriterion && <Text c="red">{t(`urgentCriteria.${detail.urgentCriterion}`)}</Text>}
        {impact && (
          <>
            <Text size="sm">
              {t('cases.impactSince')} {format.dateTime(impact.since)}
            </Text>
            {impact.merchantsAffectedPercent !== undefined && (
              <Text size="sm">
                {t('cases.impactMerchants')}: {impact.merchantsAffectedPercent}
              </Text>
            )}
            {impact.ordersAffectedPercent !== undefined && (
              <Text size="sm">
                {t('cases.impactOrders')}: {impact.ordersAffectedPercent}
              </Text>
            )}
            {impact.errorSeen && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {impact.errorSeen}
              </Text>
            )}
            {impact.examples?.map((example) => (
              <Text key={example} size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                {example}
              </Text>
            ))}
          </>
        )}
      </Stack>
    </Card>
  );
}

function FollowSwitch({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const follow = useFollowCase(detail.partnerId, detail.id);
  return (
    <Switch
      label={t('cases.follow')}
      checked={detail.subscribed}
      disabled={follow.isPending}
      onChange={(e) => follow.mutate(e.currentTarget.checked)}
    />
  );
}

/** A case with its service level, conversation and log; staff also move it along and triage it. */
export function CaseDetailPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { caseId = '' } = useParams();
  const staff = isStaff(user);
  const found = useCase(user.partnerId, caseId, staff);
  const detail = found.data;
  const triager = user.role === 'triage' || user.role === 'admin';
  // A case you may not see and one that does not exist look the same: not found.
  if (found.error instanceof ApiError && found.error.status === 404) return <NotFoundPage />;
  return (
    <QueryState isLoading={found.isLoading} error={found.error}>
      {detail && (
        <Stack maw={860}>
          <Stack gap={4}>
            <Title order={2} style={{ overflowWrap: 'anywhere' }}>
              #{detail.number} {detail.subject}
            </Title>
            <Group gap="xs" wrap="wrap">
              <CaseBadges status={detail.status} priority={detail.priority} />
              <Badge variant="outline">{t(`caseCategories.${detail.category}`)}</Badge>
              {staff && <Badge variant="outline">{t(`caseQueue.${detail.queue}`)}</Badge>}
              {!detail.page && detail.queue === 'oncall_engineering' && detail.priority === 'urgent' && (
                <Badge color="red" variant="light">
                  {t('cases.escalated')}
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed">
              {staff && `${detail.partnerName} · `}
              {t('cases.created')} {format.dateTime(detail.createdAt)}
              {staff && ` · ${t('cases.assignee')}: ${detail.assigneeName ?? t('cases.unassigned')}`}
            </Text>
          </Stack>
          {detail.page && <PageEscalation page={detail.page} staff={staff} />}
          {!staff && <FollowSwitch detail={detail} />}
          <SlaPanel detail={detail} />
          {staff && triager && <TriagePanel detail={detail} />}
          {staff && <StaffControls detail={detail} user={user} />}
          <ImpactCard detail={detail} />
          <Card withBorder>
            <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{detail.description}</Text>
          </Card>
          <Attachments detail={detail} />
          <Title order={4}>{t('cases.timeline')}</Title>
          <Timeline detail={detail} />
          {detail.status === 'closed' ? (
            <Alert color="gray">
              {t('cases.closedNotice')}{' '}
              {!staff && (
                <Anchor component={Link} to={`/cases/new?followUp=${detail.id}`}>
                  {t('cases.followUp')}
                </Anchor>
              )}
            </Alert>
          ) : (
            <ReplyForm detail={detail} staff={staff} />
          )}
        </Stack>
      )}
    </QueryState>
  );
}
