import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../tests/support/databases.js';
import { useTestApp } from '../../../../tests/support/test-app.js';
import { HOUR, MINUTE } from '../../lib/clock.js';
import { maintainPartitions } from '../partitions.js';
import { rollUpHours } from '../rollup.js';
import { DEFAULT_RULE_SETTINGS } from '../rules/settings.js';
import { addMerchantBuckets } from '../store-buckets.js';
import { merchantInputs } from './inputs.js';

const SHORT = '00000000-0000-4000-8000-0000000000d1';
const LONG = '00000000-0000-4000-8000-0000000000d2';
/** 12:30:20: the current minute is 12:30, the current hour 12:00. */
const NOW = Date.parse('2027-03-01T12:30:20Z');

/** The evaluator reads all partners' merchants reports at once, each by its own window and baseline. */
describeEachDatabase('merchants inputs of several partners', (kind) => {
  const t = useTestApp(kind);
  const report = (partnerId: string, at: number, serving: number) => ({
    partnerId,
    minute: new Date(at),
    servingSum: serving,
    totalSum: 100,
    samples: 1,
  });

  it('cuts each partner its own window of reports and its own baseline of hours, the current hour left out', async () => {
    await maintainPartitions(t.ctx.db, new Date(NOW - 8 * 24 * HOUR), { minuteDays: 30, hourMonths: 13 });
    const minute = Math.floor(NOW / MINUTE) * MINUTE;
    const hour = Math.floor(NOW / HOUR) * HOUR;
    await addMerchantBuckets(t.ctx.db, [
      report(SHORT, minute - 2 * MINUTE, 90), // in both windows
      report(LONG, minute - 2 * MINUTE, 80),
      report(SHORT, minute - 10 * MINUTE, 10), // outside 5 minutes, inside 15
      report(LONG, minute - 10 * MINUTE, 20),
      report(SHORT, hour - 12 * HOUR, 70), // an hour inside one day
      report(LONG, hour - 12 * HOUR, 60),
      report(SHORT, hour - 3 * 24 * HOUR, 50), // an hour inside 7 days, outside one
      report(LONG, hour - 3 * 24 * HOUR, 40),
    ]);
    const settings = DEFAULT_RULE_SETTINGS.merchants;
    const read = () =>
      merchantInputs(
        t.ctx.db,
        [
          { id: SHORT, settings: { ...settings, windowMinutes: 5, baselineDays: 1 } },
          { id: LONG, settings: { ...settings, windowMinutes: 15, baselineDays: 7 } },
        ],
        NOW,
      );
    const inputs = await read();
    expect(inputs.get(SHORT)?.current).toEqual({ servingSum: 90, totalSum: 100, samples: 1 });
    expect(inputs.get(LONG)?.current).toEqual({ servingSum: 100, totalSum: 200, samples: 2 });
    const servingOf = (id: string) =>
      inputs
        .get(id)
        ?.hourly.map((h) => h.servingSum)
        .sort();
    expect(servingOf(SHORT)).toEqual([70]);
    expect(servingOf(LONG)).toEqual([40, 60]);
    // The same once the ended hours are rolled up: the baseline from hour rows, the window still from minutes.
    await rollUpHours(t.ctx.db, new Date(NOW));
    expect(await read()).toEqual(inputs);
  });

  it('answers a partner without a report in its window with no baseline', async () => {
    const quiet = '00000000-0000-4000-8000-0000000000d3';
    const inputs = await merchantInputs(
      t.ctx.db,
      [{ id: quiet, settings: DEFAULT_RULE_SETTINGS.merchants }],
      NOW,
    );
    expect(inputs.get(quiet)).toEqual({ current: { servingSum: 0, totalSum: 0, samples: 0 }, hourly: [] });
  });

  it('counts a report at the first minute of the window and an hour at the start of the baseline, not one before', async () => {
    const edge = '00000000-0000-4000-8000-0000000000d4';
    const quiet = '00000000-0000-4000-8000-0000000000d5';
    await maintainPartitions(t.ctx.db, new Date(NOW - 8 * 24 * HOUR), { minuteDays: 30, hourMonths: 13 });
    const minute = Math.floor(NOW / MINUTE) * MINUTE;
    const hour = Math.floor(NOW / HOUR) * HOUR;
    await addMerchantBuckets(t.ctx.db, [
      report(edge, minute - 4 * MINUTE, 30), // the first minute of a 5-minute window
      report(edge, minute - 5 * MINUTE, 99), // the minute before it
      report(edge, hour - 24 * HOUR, 55), // the first hour of a one-day baseline
      report(edge, hour - 25 * HOUR, 11), // the hour before it
      // Reports only from before its window: no current reports, and so no baseline either.
      report(quiet, minute - 5 * MINUTE, 60),
      report(quiet, hour - 12 * HOUR, 65),
    ]);
    const settings = { ...DEFAULT_RULE_SETTINGS.merchants, windowMinutes: 5, baselineDays: 1 };
    const inputs = await merchantInputs(
      t.ctx.db,
      [
        { id: edge, settings },
        { id: quiet, settings },
      ],
      NOW,
    );
    expect(inputs.get(edge)?.current).toEqual({ servingSum: 30, totalSum: 100, samples: 1 });
    expect(inputs.get(edge)?.hourly.map((h) => h.servingSum)).toEqual([55]);
    expect(inputs.get(quiet)).toEqual({ current: { servingSum: 0, totalSum: 0, samples: 0 }, hourly: [] });
  });
});
