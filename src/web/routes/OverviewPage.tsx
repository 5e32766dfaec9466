import { Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PARTNER_STATUSES } from '../../shared/partners.js';
import type { User } from '../api/types.js';
import { QueryState } from '../components/QueryState.js';
import { IntegrationStateBadge, PartnerStatusBadge } from '../components/StatusBadges.js';
import { isStaff } from '../features/auth/session.js';
import { usePartnerCases } from '../features/cases/queries.js';
import { OnCallNowCard } from '../features/oncall/OnCallNowCard.js';
import { usePartner, usePartners } from '../features/partners/queries.js';
import { useFormat } from '../i18n/format.js';

function PartnerOverview({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const partner = usePartner(partnerId);
  return (
    <QueryState isLoading={partner.isLoading} error={partner.error}>
      {partner.data && (
        <Card withBorder>
          <Text size="sm" c="dimmed">
            {t('overview.yourOrganisation')}
          </Text>
          <Title order={3}>{partner.data.name}</Title>
          <Group mt="sm">
            <Text size="sm">{t('overview.programmeStatus')}</Text>
            <PartnerStatusBadge status={partner.data.status} />
            <Text size="sm">{t('overview.integration')}</Text>
            <IntegrationStateBadge state={partner.data.integrationState} />
          </Group>
          <Text size="sm" c="dimmed" mt="sm">
            {t('overview.memberSince', { date: format.date(partner.data.createdAt) })}
          </Text>
          {partner.data.consultant && (
            <Text size="sm" mt="xs">
              {t('overview.consultant', { name: partner.data.consultant.name })}{' '}
              <Anchor href={`mailto:${partner.data.consultant.email}`}>
                {partner.data.consultant.email}
              </Anchor>
            </Text>
          )}
        </Card>
      )}
      <RecentCases partnerId={partnerId} />
    </QueryState>
  );
}

/** The partner's latest cases, so an open question is one click away from the start page. */
function RecentCases({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const cases = usePartnerCases(partnerId);
  const open = cases.data?.items.filter((c) => c.status === 'open') ?? [];
  return (
    <Card withBorder>
      <Group justify="space-between">
        <Title order={4}>{t('overview.openCases', { count: open.length })}</Title>
        <Anchor component={Link} to="/cases/new">
          {t('cases.new')}
        </Anchor>
      </Group>
      {open.slice(0, 5).map((c) => (
        <Text key={c.id} size="sm" mt="xs">
          <Anchor component={Link} to={`/cases/${c.id}`}>
            #{c.number} {c.subject}
          </Anchor>{' '}
          <Text span c="dimmed" size="xs">
            {format.dateTime(c.updatedAt)}
          </Text>
        </Text>
      ))}
    </Card>
  );
}

const COUNT_LABELS = {
  launched: 'overview.launchedPartners',
  integrating: 'overview.integratingPartners',
  interested: 'overview.interestedPartners',
} as const;

function ProgrammeOverview() {
  const { t } = useTranslation();
  const format = useFormat();
  const partners = usePartners();
  return (
    <QueryState isLoading={partners.isLoading} error={partners.error}>
      <Text fw={600}>{t('overview.partnersInProgramme')}</Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {[...PARTNER_STATUSES].reverse().map((status) => (
          <Card withBorder key={status}>
            <Text size="sm" c="dimmed">
              {t(COUNT_LABELS[status])}
            </Text>
            <Text fz={32} fw={700} data-testid={`count-${status}`}>
              {format.number(partners.data?.filter((p) => p.status === status).length ?? 0)}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </QueryState>
  );
}

export function OverviewPage({ user }: { user: User }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2}>{t('overview.welcome', { name: user.name })}</Title>
      {isStaff(user) || !user.partnerId ? (
        <>
          <ProgrammeOverview />
          {isStaff(user) && <OnCallNowCard />}
        </>
      ) : (
        <PartnerOverview partnerId={user.partnerId} />
      )}
    </Stack>
  );
}
