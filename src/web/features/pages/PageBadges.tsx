import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const STATUS_COLOURS: Record<string, string> = {
  triggered: 'red',
  acknowledged: 'yellow',
  resolved: 'green',
};
const SEVERITY_COLOURS: Record<string, string> = {
  critical: 'red',
  error: 'orange',
  warning: 'yellow',
  info: 'blue',
};

export function PageStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOURS[status] ?? 'gray'} style={{ overflow: 'visible' }}>
      {t(`pages.status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** Severity as the source sent it, and the urgency it maps to (which rules notify the responder). */
export function SeverityBadges({ severity, urgency }: { severity: string; urgency: string }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="wrap">
      <Badge color={SEVERITY_COLOURS[severity] ?? 'gray'} variant="light" style={{ overflow: 'visible' }}>
        {t(`pages.severity.${severity}`, { defaultValue: severity })}
      </Badge>
      <Badge color={urgency === 'high' ? 'red' : 'gray'} variant="outline" style={{ overflow: 'visible' }}>
        {t(`pages.urgency.${urgency}`, { defaultValue: urgency })}
      </Badge>
    </Group>
  );
}
