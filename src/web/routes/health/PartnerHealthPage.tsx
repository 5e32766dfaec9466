import { Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { QueryState } from '../../components/QueryState.js';
import { IntegrationStateBadge } from '../../components/StatusBadges.js';
import { ActionCharts } from '../../features/health/ActionCharts.js';
import { EscalationsTable } from '../../features/health/EscalationsTable.js';
import { FeedsSection, MerchantsSection } from '../../features/health/FeedsAndMerchants.js';
import {
  HEALTH_RANGES,
  type HealthRange,
  type PartnerHealth,
  usePartnerEscalations,
  usePartnerHealth,
} from '../../features/health/queries.js';
import { useMinuteClock } from '../../features/health/useMinuteClock.js';
import { usePartner } from '../../features/partners/queries.js';

const hasSignals = (health: PartnerHealth) =>
  health.actions.some((a) => a.totals.ok + a.totals.errors > 0) ||
  health.feeds.some((f) => f.series.some((p) => p.ingestions > 0)) ||
  health.merchants.latest !== null;

/** A partner's health over a range (1 h to 30 d): calls per action, feeds, merchants, and its escalations. */
export function PartnerHealthPage() {
  const { t } = useTranslation();
  const { partnerId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const requested = params.get('range') as HealthRange | null;
  const range = requested && HEALTH_RANGES.includes(requested) ? requested : '24h';
  const partner = usePartner(partnerId);
  const health = usePartnerHealth(partnerId, range);
  const escalations = usePartnerEscalations(partnerId);
  const now = useMinuteClock();
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          <Title order={2}>
            {partner.data ? t('health.partnerTitle', { name: partner.data.name }) : t('health.title')}
          </Title>
          {health.data && <IntegrationStateBadge state={health.data.integration} />}
        </Group>
        <SegmentedControl
          aria-label={t('health.range')}
          data={HEALTH_RANGES.map((value) => ({ value, label: t(`health.ranges.${value}`) }))}
          value={range}
          onChange={(value) => setParams(value === '24h' ? {} : { range: value })}
        />
      </Group>
      <Title order={3} size="h4">
        {t('health.escalations')}
      </Title>
      <QueryState isLoading={escalations.isLoading} error={escalations.error}>
        <EscalationsTable escalations={escalations.data} now={now} />
      </QueryState>
      <QueryState isLoading={health.isLoading} error={health.error}>
        {health.data &&
          (hasSignals(health.data) ? (
            <Stack>
              {health.data.actions.map((action) => (
                <ActionCharts key={action.action} health={action} range={range} />
              ))}
              <FeedsSection feeds={health.data.feeds} range={range} />
              <MerchantsSection merchants={health.data.merchants} range={range} />
            </Stack>
          ) : (
            <Text c="dimmed" data-testid="no-signals">
              {t('health.noSignals')}
            </Text>
          ))}
      </QueryState>
    </Stack>
  );
}
