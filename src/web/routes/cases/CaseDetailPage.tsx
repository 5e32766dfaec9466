import { Badge, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { User } from '../../api/types.js';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { QueryState } from '../../components/QueryState.js';
import { isStaff } from '../../features/auth/session.js';
import { useAssignedCases, useCase, useComment } from '../../features/cases/queries.js';
import { useFormat } from '../../i18n/format.js';
import { NotFoundPage } from '../NotFoundPage.js';

function ReplyForm({ partnerId, caseId }: { partnerId: string; caseId: string }) {
  const { t } = useTranslation();
  const comment = useComment(partnerId, caseId);
  const [body, setBody] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    comment.mutate(body, { onSuccess: () => setBody('') });
  };
  const errors = fieldErrors(comment.error, { body: t('cases.reply') });
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Textarea
          label={t('cases.reply')}
          required
          minRows={3}
          autosize
          value={body}
          error={errors.errorOf('body')}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
        <Button type="submit" loading={comment.isPending} w="fit-content">
          {t('cases.send')}
        </Button>
        <ErrorText error={errors.other} />
      </Stack>
    </form>
  );
}

/** A case and its conversation; staff reach it through their assigned cases, which name the partner. */
export function CaseDetailPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { caseId = '' } = useParams();
  const staff = isStaff(user);
  const assigned = useAssignedCases(staff);
  const partnerId = staff
    ? (assigned.data?.find((row) => row.id === caseId)?.partnerId ?? null)
    : user.partnerId;
  const found = useCase(partnerId, caseId);
  if (staff && assigned.data && !partnerId) return <NotFoundPage />;
  return (
    <QueryState isLoading={found.isLoading || assigned.isLoading} error={found.error}>
      {found.data && partnerId && (
        <Stack maw={820}>
          <Group>
            <Title order={2}>
              #{found.data.number} {found.data.subject}
            </Title>
            <Badge>{t(`caseCategories.${found.data.category}`)}</Badge>
          </Group>
          {found.data.urgentCriterion && (
            <Text c="red">{t(`urgentCriteria.${found.data.urgentCriterion}`)}</Text>
          )}
          <Card withBorder>
            <Text size="xs" c="dimmed">
              {format.dateTime(found.data.createdAt)}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{found.data.description}</Text>
          </Card>
          {found.data.comments.map((comment) => (
            <Card withBorder key={comment.id}>
              <Text size="xs" c="dimmed">
                {comment.authorName} · {format.dateTime(comment.createdAt)}
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{comment.body}</Text>
            </Card>
          ))}
          <ReplyForm partnerId={partnerId} caseId={caseId} />
        </Stack>
      )}
    </QueryState>
  );
}
