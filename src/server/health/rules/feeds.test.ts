import { describe, expect, it } from 'vitest';
import { type FeedHistory, feedFindings, feedHistoryOf } from './feeds.js';
import { DEFAULT_RULE_SETTINGS } from './settings.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2027-03-04T12:00:00Z');
const settings = DEFAULT_RULE_SETTINGS.feeds;
const rulesOf = (history: FeedHistory, businessDays = 0) =>
  feedFindings('menu', history, NOW, settings, () => businessDays).map((f) => `${f.rule}:${f.severity}`);

describe('feedHistoryOf', () => {
  const at = (iso: string) => new Date(`2027-03-0${iso}Z`);
  it('reads the last clean ingestion and the first errors after it', () => {
    expect(
      feedHistoryOf([
        { minute: at('1T10:00:00'), cleanIngestions: 0, errors: 3 },
        { minute: at('2T10:00:00'), cleanIngestions: 1, errors: 0 },
        { minute: at('3T10:00:00'), cleanIngestions: 0, errors: 2 },
        { minute: at('3T11:00:00'), cleanIngestions: 0, errors: 1 },
      ]),
    ).toEqual({
      lastCleanAt: Date.parse('2027-03-02T10:00:00Z'),
      errorsSince: Date.parse('2027-03-03T10:00:00Z'),
    });
  });

  it('counts errors in the minute of a clean ingestion as cleared', () => {
    expect(feedHistoryOf([{ minute: at('3T10:00:00'), cleanIngestions: 1, errors: 4 }])).toEqual({
      lastCleanAt: Date.parse('2027-03-03T10:00:00Z'),
      errorsSince: null,
    });
  });

  it('is empty for a feed never sent', () => {
    expect(feedHistoryOf([])).toEqual({ lastCleanAt: null, errorsSince: null });
  });
});

describe('feedFindings', () => {
  it.each([
    ['never sent', { lastCleanAt: null, errorsSince: null }, []],
    ['clean 1 ms under 24 h ago', { lastCleanAt: NOW - 24 * HOUR + 1, errorsSince: null }, []],
    ['clean exactly 24 h ago', { lastCleanAt: NOW - 24 * HOUR, errorsSince: null }, ['feed_stale:medium']],
    [
      'never clean, errors since 25 h',
      { lastCleanAt: null, errorsSince: NOW - 25 * HOUR },
      ['feed_stale:medium'],
    ],
    ['never clean, errors since 23 h', { lastCleanAt: null, errorsSince: NOW - 23 * HOUR }, []],
  ])('%s → %o', (_, history, expected) => {
    expect(rulesOf(history)).toEqual(expected);
  });

  it.each([
    [2, ['feed_stale:medium']],
    [3, ['feed_stale:medium', 'feed_errors:high']],
  ])('errors not cleared for %d business days → %o', (days, expected) => {
    expect(rulesOf({ lastCleanAt: NOW - 100 * HOUR, errorsSince: NOW - 99 * HOUR }, days)).toEqual(expected);
  });

  it('asks the calendar about the span the errors stood', () => {
    const spans: string[] = [];
    feedFindings(
      'service',
      { lastCleanAt: NOW - 2 * HOUR, errorsSince: NOW - HOUR },
      NOW,
      settings,
      (from, to) => {
        spans.push(`${from.toISOString()}/${to.toISOString()}`);
        return 3;
      },
    );
    expect(spans).toEqual(['2027-03-04T11:00:00.000Z/2027-03-04T12:00:00.000Z']);
  });

  it('holds the dates and figures that tripped it', () => {
    const findings = feedFindings(
      'restaurant',
      { lastCleanAt: null, errorsSince: NOW - 30 * HOUR },
      NOW,
      settings,
      () => 3,
    );
    expect(findings).toEqual([
      {
        area: 'feed:restaurant',
        rule: 'feed_stale',
        severity: 'medium',
        evidence: {
          feed: 'restaurant',
          lastCleanAt: null,
          errorsSince: '2027-03-03T06:00:00.000Z',
          hoursWithoutCleanIngestion: 30,
          staleHours: 24,
        },
      },
      {
        area: 'feed:restaurant',
        rule: 'feed_errors',
        severity: 'high',
        evidence: {
          feed: 'restaurant',
          lastCleanAt: null,
          errorsSince: '2027-03-03T06:00:00.000Z',
          businessDaysUncleared: 3,
          errorBusinessDays: 3,
        },
      },
    ]);
  });
});
