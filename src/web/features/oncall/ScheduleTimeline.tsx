import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/QueryState.js';
import { useZoneFormat } from './format.js';
import { useTimeline } from './queries.js';
import { TimelineGrid } from './TimelineGrid.js';
import { timelineRows, twoWeekWindow } from './timeline.js';
import type { Schedule } from './types.js';

/** The time now, again every minute, so the now line moves while the page stays open. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Two weeks of the final schedule from today in the schedule's zone, with the weeks before and after a click away. */
export function ScheduleTimeline({
  schedule,
  nameOf,
}: {
  schedule: Schedule;
  nameOf: (id: string) => string;
}) {
  const { t } = useTranslation();
  const now = useNow();
  const [page, setPage] = useState(0);
  const zone = schedule.timeZone;
  const format = useZoneFormat(zone);
  const today = format.date(now);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new window only when the day changes, not every minute
  const window = useMemo(() => twoWeekWindow(zone, now, page), [zone, today, page]);
  const timeline = useTimeline(schedule.id, window.from.toISOString(), window.to.toISOString());
  const rows = timelineRows(
    window,
    schedule.layers.map((layer) => layer.name),
    timeline.data ?? [],
  );
  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs">
        <Title order={3}>{t('schedules.timeline.title')}</Title>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => setPage((p) => p - 1)}>
            {t('schedules.timeline.previous')}
          </Button>
          <Button size="xs" variant="default" disabled={page === 0} onClick={() => setPage(0)}>
            {t('schedules.timeline.today')}
          </Button>
          <Button size="xs" variant="default" onClick={() => setPage((p) => p + 1)}>
            {t('schedules.timeline.next')}
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed" data-testid="timeline-range">
        {t('schedules.timeline.range', {
          from: format.date(window.from),
          to: format.date(window.days.at(-1) ?? window.to),
          zone,
        })}
      </Text>
      <QueryState isLoading={timeline.isLoading} error={timeline.error}>
        <TimelineGrid window={window} rows={rows} now={now} nameOf={nameOf} format={format} />
      </QueryState>
    </Stack>
  );
}
