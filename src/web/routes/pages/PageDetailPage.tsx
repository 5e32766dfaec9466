import { Anchor, Card, Code, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/errors.js';
import type { PageDetail } from '../../api/types.js';
import { QueryState } from '../../components/QueryState.js';
import { PageActions } from '../../features/pages/PageActions.js';
import { PageStatusBadge, SeverityBadges } from '../../features/pages/PageBadges.js';
import { PageTimeline } from '../../features/pages/PageTimeline.js';
import { usePage } from '../../features/pages/queries.js';
import { useFormat } from '../../i18n/format.js';
import { NotFoundPage } from '../NotFoundPage.js';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

/** Where the page stands: its service and policy, the level reached, and when it was acknowledged or resolved. */
function Facts({ page }: { page: PageDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
      <Fact label={t('pages.service')}>{page.service?.name ?? '—'}</Fact>
      <Fact label={t('pages.policy')}>{page.escalationPolicy.name}</Fact>
      <Fact label={t('pages.level')}>{page.level}</Fact>
      <Fact label={t('pages.opened')}>{format.dateTime(page.createdAt)}</Fact>
      <Fact label={t('pages.source')}>{page.source}</Fact>
      {page.caseId && (
        <Fact label={t('pages.case')}>
          <Anchor component={Link} to={`/cases/${page.caseId}`}>
            {t('pages.openCase')}
          </Anchor>
        </Fact>
      )}
      {page.acknowledgedAt && (
        <Fact label={t('pages.acknowledgedAt')}>{format.dateTime(page.acknowledgedAt)}</Fact>
      )}
      {page.snoozedUntil && <Fact label={t('pages.snoozedUntil')}>{format.dateTime(page.snoozedUntil)}</Fact>}
      {page.resolvedAt && <Fact label={t('pages.resolvedAt')}>{format.dateTime(page.resolvedAt)}</Fact>}
    </SimpleGrid>
  );
}

/** What the source sent along: a manual page's description, an alert's labels and annotations. */
function Details({ details }: { details: PageDetail['details'] }) {
  const { t } = useTranslation();
  const entries = Object.entries(details);
  if (entries.length === 0) return null;
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Text fw={500}>{t('pages.details')}</Text>
        {entries.map(([key, value]) =>
          typeof value === 'string' ? (
            <Fact key={key} label={key}>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {value}
              </Text>
            </Fact>
          ) : (
            <Fact key={key} label={key}>
              <Code block>{JSON.stringify(value, null, 2)}</Code>
            </Fact>
          ),
        )}
      </Stack>
    </Card>
  );
}

/** One page: status and actions, the case it came from, and its timeline of notifications and responses. */
export function PageDetailPage() {
  const { t } = useTranslation();
  const { pageId = '' } = useParams();
  const found = usePage(pageId);
  const page = found.data;
  if (found.error instanceof ApiError && found.error.status === 404) return <NotFoundPage />;
  return (
    <QueryState isLoading={found.isLoading} error={found.error}>
      {page && (
        <Stack maw={960}>
          <Anchor component={Link} to="/pages" size="sm">
            {t('pages.back')}
          </Anchor>
          <Stack gap={4}>
            <Title order={2} style={{ overflowWrap: 'anywhere' }}>
              {t('pages.heading', { number: page.number, title: page.title })}
            </Title>
            <Group gap="xs" wrap="wrap">
              <PageStatusBadge status={page.status} />
              <SeverityBadges severity={page.severity} urgency={page.urgency} />
            </Group>
          </Stack>
          <PageActions page={page} />
          <Facts page={page} />
          <Details details={page.details} />
          <Title order={3}>{t('pages.timeline')}</Title>
          <PageTimeline events={page.timeline} />
        </Stack>
      )}
    </QueryState>
  );
}
