import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IntegrationState, PartnerStatus } from '../../shared/partners.js';

const STATUS_COLOURS: Record<PartnerStatus, string> = {
  interested: 'gray',
  integrating: 'blue',
  launched: 'green',
};
const STATE_COLOURS: Record<IntegrationState, string> = {
  active: 'green',
  paused: 'yellow',
  disabled: 'red',
};

export function PartnerStatusBadge({ status }: { status: PartnerStatus }) {
  const { t } = useTranslation();
  return <Badge color={STATUS_COLOURS[status]}>{t(`partnerStatus.${status}`)}</Badge>;
}

/**
 * Whether the integration state says anything: before launch no orders are routed either way, so an
 * "active" integration of an interested or integrating partner is shown as not launched instead.
 */
export const integrationMatters = (partner: { status: PartnerStatus; integrationState: IntegrationState }) =>
  partner.status === 'launched' || partner.integrationState !== 'active';

export function IntegrationStateBadge({ state }: { state: IntegrationState }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLOURS[state]} variant="light">
      {t(`integrationState.${state}`)}
    </Badge>
  );
}
