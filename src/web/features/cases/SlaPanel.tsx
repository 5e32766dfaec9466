import { Card, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/types.js';
import { formatDueMoment, formatDuration } from './sla-text.js';

/**
 * "First response due in 2 h 10 min of business time (Tue 09:40 CET)": each target in the viewer's language, the
 * due time in the calendar's zone so partner and support read the same instant.
 */
export function SlaPanel({ detail }: { detail: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const { sla, slaClock } = detail;
  if (!sla.policyId) return <Text c="dimmed">{t('cases.noSla')}</Text>;
  const zone = slaClock.timeZone;
  const business = slaClock.businessHours ? t('cases.ofBusinessTime') : '';
  const moment = (at: string) => formatDueMoment(i18n.language, at, zone);
  const line = (
    due: string | null,
    done: string | null,
    left: number | null,
    breached: boolean,
    paused = false,
  ) => {
    if (done) return t('cases.met', { at: moment(done) });
    if (paused) return t('cases.paused');
    if (!due || left === null) return '—';
    const text =
      left >= 0
        ? t('cases.dueIn', { duration: formatDuration(left), business, at: moment(due) })
        : t('cases.overdue', { duration: formatDuration(left), business, at: moment(due) });
    return breached ? `${text} · ${t('cases.breached')}` : text;
  };
  const rows: [string, string, boolean][] = [
    [
      t('cases.firstResponse'),
      line(
        sla.firstResponseDueAt,
        sla.firstResponseAt,
        slaClock.firstResponseMinutesLeft,
        sla.firstResponseBreached,
      ),
      sla.firstResponseBreached,
    ],
    [
      t('cases.resolution'),
      line(
        sla.resolutionDueAt,
        sla.resolvedAt,
        slaClock.resolutionMinutesLeft,
        sla.resolutionBreached,
        sla.paused,
      ),
      sla.resolutionBreached,
    ],
  ];
  return (
    <Card withBorder>
      <Stack gap={4}>
        <Title order={4}>{t('cases.slaTitle')}</Title>
        {rows.map(([label, text, breached]) => (
          <Text key={label} size="sm" c={breached ? 'red' : undefined} data-testid={`sla-${label}`}>
            <strong>{label}</strong>: {text}
          </Text>
        ))}
      </Stack>
    </Card>
  );
}
