import { Anchor, Badge, Button, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DataTable } from '../../components/DataTable.js';
import { ErrorText } from '../../components/ErrorText.js';
import { useFormat } from '../../i18n/format.js';
import { formatDuration } from '../cases/sla-text.js';
import { areaKey, SEVERITY_COLORS } from './format.js';
import { type HealthEscalation, useAcknowledgeEscalation } from './queries.js';

export function SeverityBadge({ severity }: { severity: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={SEVERITY_COLORS[severity] ?? 'gray'} autoContrast>
      {t(`healthSeverity.${severity}`)}
    </Badge>
  );
}

function AcknowledgeButton({ escalation }: { escalation: HealthEscalation }) {
  const { t } = useTranslation();
  const acknowledge = useAcknowledgeEscalation(escalation.partnerId);
  return (
    <>
      <Button
        size="xs"
        loading={acknowledge.isPending}
        onClick={() => acknowledge.mutate(escalation.id)}
        aria-label={t('health.acknowledgeNumber', { number: escalation.number })}
      >
        {t('health.acknowledge')}
      </Button>
      {acknowledge.error && <ErrorText error={acknowledge.error} />}
    </>
  );
}

const age = (openedAt: string, now: number) => formatDuration((now - new Date(openedAt).getTime()) / 60_000);

/**
 * Escalations, unresolved first (the API's order). `withPartner` for the staff list (partner name linking to its
 * Health page); otherwise the partner's own list, with Acknowledge on the open ones.
 */
export function EscalationsTable({
  escalations,
  withPartner = false,
  now,
}: {
  escalations: HealthEscalation[] | undefined;
  withPartner?: boolean;
  now: number;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <DataTable<HealthEscalation>
      minWidth={720}
      columns={[
        '#',
        ...(withPartner ? [t('health.partner')] : []),
        t('health.severity'),
        t('health.area'),
        t('health.opened'),
        t('health.status'),
        '',
      ]}
      rows={escalations}
      empty={t('health.noEscalations')}
      row={(e) => (
        <Table.Tr key={e.id} data-testid={`escalation-${e.number}`}>
          <Table.Td>{e.number}</Table.Td>
          {withPartner && (
            <Table.Td>
              <Anchor component={Link} to={`/partners/${e.partnerId}/health`}>
                {e.partnerName}
              </Anchor>
            </Table.Td>
          )}
          <Table.Td>
            <SeverityBadge severity={e.severity} />
          </Table.Td>
          <Table.Td>
            {t(areaKey(e.area))} — {e.rules.map((rule) => t(`healthRule.${rule}`)).join(', ')}
          </Table.Td>
          <Table.Td title={format.dateTime(e.openedAt)} style={{ whiteSpace: 'nowrap' }}>
            {t('health.age', { duration: age(e.openedAt, now) })}
          </Table.Td>
          <Table.Td>
            {t(`health.escalationStatus.${e.status}`)}
            {e.acknowledgedBy ? ` · ${e.acknowledgedBy}` : ''}
          </Table.Td>
          <Table.Td>{e.status === 'open' && <AcknowledgeButton escalation={e} />}</Table.Td>
        </Table.Tr>
      )}
    />
  );
}
