import { Box, Text, VisuallyHidden } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { colourOf } from './colours.js';
import type { useZoneFormat } from './format.js';
import { type Bar, offsetIn, type TimelineRow, type TimelineWindow } from './timeline.js';

const LABEL_WIDTH = 120;
const HEADER_HEIGHT = 24;
const GRID_LINE = '1px solid var(--mantine-color-gray-3)';

type ZoneFormat = ReturnType<typeof useZoneFormat>;

/** Where a day or an instant sits across the tracks, which begin after the row labels. */
const acrossTracks = (percent: number) =>
  `calc(${LABEL_WIDTH}px + (100% - ${LABEL_WIDTH}px) * ${percent / 100})`;

function DayLines({ window }: { window: TimelineWindow }) {
  return (
    <Box aria-hidden pos="absolute" inset={0}>
      {window.days.map((day) => (
        <Box
          key={day.toISOString()}
          pos="absolute"
          top={0}
          bottom={0}
          left={`${offsetIn(window, day) ?? 0}%`}
          style={{ borderLeft: GRID_LINE }}
        />
      ))}
    </Box>
  );
}

function ShiftBar({ bar, name, format }: { bar: Bar; name: string; format: ZoneFormat }) {
  const colour = colourOf(bar.userId);
  const when = format.range(bar.start, bar.end);
  return (
    <Box
      component="li"
      pos="absolute"
      top={4}
      bottom={4}
      left={`${bar.left}%`}
      w={`${bar.width}%`}
      px={4}
      title={`${name}: ${when}`}
      style={{
        background: colour.background,
        borderLeft: `3px solid ${colour.border}`,
        borderRadius: 4,
        overflow: 'hidden',
        minWidth: 2,
      }}
    >
      <Text size="xs" c="black" lh="26px" truncate>
        {name}
      </Text>
      <VisuallyHidden>{when}</VisuallyHidden>
    </Box>
  );
}

function Row({
  row,
  window,
  nameOf,
  format,
}: {
  row: TimelineRow;
  window: TimelineWindow;
  nameOf: (id: string) => string;
  format: ZoneFormat;
}) {
  const { t } = useTranslation();
  const labelId = useId();
  const label = row.kind === 'layer' ? (row.name ?? '') : t(`schedules.timeline.${row.kind}`);
  return (
    <Box display="flex" data-testid={`timeline-row-${row.kind === 'layer' ? row.name : row.kind}`}>
      <Text
        id={labelId}
        w={LABEL_WIDTH}
        size="sm"
        fw={row.kind === 'final' ? 700 : 500}
        px="xs"
        py={6}
        truncate
      >
        {label}
      </Text>
      <Box pos="relative" h={34} style={{ flex: 1, borderTop: GRID_LINE }}>
        <DayLines window={window} />
        <Box
          component="ul"
          aria-labelledby={labelId}
          pos="absolute"
          inset={0}
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
        >
          {row.bars.map((bar) => (
            <ShiftBar key={bar.start.toISOString()} bar={bar} name={nameOf(bar.userId)} format={format} />
          ))}
        </Box>
        {row.bars.length === 0 && <VisuallyHidden>{t('schedules.timeline.nobody')}</VisuallyHidden>}
      </Box>
    </Box>
  );
}

/**
 * The two weeks as rows of coloured bars, day columns as the schedule's zone counts them (a DST day is
 * narrower or wider), and a line at now. Narrower than its minimum (a phone), it scrolls sideways in its box.
 */
export function TimelineGrid({
  window,
  rows,
  now,
  nameOf,
  format,
}: {
  window: TimelineWindow;
  rows: TimelineRow[];
  now: Date;
  nameOf: (id: string) => string;
  format: ZoneFormat;
}) {
  const { t } = useTranslation();
  const nowAt = offsetIn(window, now);
  return (
    // Focusable, so a keyboard can scroll it where it is narrower than the timeline.
    <Box style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('schedules.timeline.title')}>
      <Box miw={780} pos="relative">
        <Box display="flex" h={HEADER_HEIGHT} aria-hidden>
          <Box w={LABEL_WIDTH} />
          <Box pos="relative" style={{ flex: 1 }}>
            {window.days.map((day) => (
              <Text
                key={day.toISOString()}
                pos="absolute"
                left={`${offsetIn(window, day) ?? 0}%`}
                size="xs"
                c="dimmed"
                pl={4}
              >
                {format.day(day)}
              </Text>
            ))}
          </Box>
        </Box>
        {rows.map((row) => (
          <Row
            key={`${row.kind}:${row.name ?? ''}`}
            row={row}
            window={window}
            nameOf={nameOf}
            format={format}
          />
        ))}
        {nowAt !== null && (
          <Box
            data-testid="now-marker"
            title={t('schedules.timeline.now', { time: format.dateTime(now) })}
            pos="absolute"
            top={HEADER_HEIGHT}
            bottom={0}
            left={acrossTracks(nowAt)}
            w={2}
            bg="red.7"
            aria-hidden
          />
        )}
      </Box>
    </Box>
  );
}
