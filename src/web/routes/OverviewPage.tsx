import { Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PARTNER_STATUSES } from '../../shared/partners.js';
import type { User } from '../api/types.js';
import { QueryState } from '../components/QueryState.js';
import { IntegrationStateBadge, PartnerStatusBadge } from '../components/StatusBadges.js';
import { isStaff } from '../features/auth/session.js';
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
        </Card>
      )}
    </QueryState>
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
        <ProgrammeOverview />
      ) : (
        <PartnerOverview partnerId={user.partnerId} />
      )}
    </Stack>
  );
}
