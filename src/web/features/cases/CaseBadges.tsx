import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CasePriority, CaseStatus } from '../../../shared/cases.js';

const STATUS_COLOURS: Record<CaseStatus, string> = {
  triage: 'red',
  open: 'blue',
  in_progress: 'indigo',
  waiting_on_partner: 'yellow',
  resolved: 'green',
  closed: 'gray',
};
const PRIORITY_COLOURS: Record<CasePriority, string> = {
  urgent: 'red',
  high: 'orange',
  normal: 'gray',
  low: 'gray',
};

/** Status and priority side by side; they wrap rather than cut on a phone. */
export function CaseBadges({ status, priority }: { status: CaseStatus; priority: CasePriority }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="wrap">
      <Badge color={STATUS_COLOURS[status]} style={{ whiteSpace: 'nowrap', overflow: 'visible' }}>
        {t(`caseStatus.${status}`)}
      </Badge>
      <Badge color={PRIORITY_COLOURS[priority]} variant="light" style={{ overflow: 'visible' }}>
        {t(`casePriority.${priority}`)}
      </Badge>
    </Group>
  );
}
