import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../tests/support/databases.js';
import { useTestApp } from '../../../../tests/support/test-app.js';
import { LATENCY_BINS } from '../../../shared/health.js';
import { HOUR, MINUTE } from '../../lib/clock.js';
import { maintainPartitions } from '../partitions.js';
import { rollUpHours } from '../rollup.js';
import { addCallBuckets } from '../store-buckets.js';
import { callWindows, windowStart } from './call-windows.js';

const PARTNER = '00000000-0000-4000-8000-0000000000cc';
const OTHER = '00000000-0000-4000-8000-0000000000cd';
/** 12:30:20 on a Monday: the current minute is 12:30, the current hour 12:00. */
const NOW = Date.parse('2027-03-01T12:30:20Z');

describe('windowStart', () => {
  it('starts a window of minutes that many minutes back, the current one included; longer ones on whole hours', () => {
    expect(new Date(windowStart(1, NOW)).toISOString()).toBe('2027-03-01T12:30:00.000Z');
    expect(new Date(windowStart(10, NOW)).toISOString()).toBe('2027-03-01T12:21:00.000Z');
    expect(new Date(windowStart(360, NOW)).toISOString()).toBe('2027-03-01T06:31:00.000Z');
    expect(new Date(windowStart(361, NOW)).toISOString()).toBe('2027-03-01T06:00:00.000Z');
    expect(new Date(windowStart(1440, NOW)).toISOString()).toBe('2027-02-28T13:00:00.000Z');
  });
});

describeEachDatabase('call windows summed by the database', (kind) => {
  const t = useTestApp(kind);
  const bins = (bin: number, n: number) => {
    const counts = new Array<number>(LATENCY_BINS).fill(0);
    counts[bin] = n;
    return counts;
  };
  /** A minute `ago` minutes before NOW's minute: `ok` calls, the errors given, all in one latency bin. */
  const minute = (ago: number, ok: number, errors: Record<string, number>, bin = 2, partnerId = PARTNER) => {
    const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
    return {
      partnerId,
      action: 'checkout' as const,
      minute: new Date(Math.floor(NOW / MINUTE) * MINUTE - ago * MINUTE),
      okCount: ok,
      errorCount,
      errorTypes: errors,
      latencyCounts: bins(bin, ok + errorCount),
      latencySumMs: (ok + errorCount) * 100,
    };
  };

  it('sums each asked window from minutes or hours, with error types, and the histogram of one window', async () => {
    await maintainPartitions(t.ctx.db, new Date(NOW), { minuteDays: 30, hourMonths: 13 });
    await addCallBuckets(t.ctx.db, [
      minute(0, 10, { TIMEOUT: 2 }, 1), // 12:30, the current minute
      minute(4, 20, {}, 3), // 12:26: inside 5 minutes
      minute(5, 30, { CLOSED: 1 }), // 12:25: outside 5, inside 10
      minute(9, 40, {}), // 12:21: the first minute of 10
      minute(10, 50, { TIMEOUT: 5 }), // 12:20: outside 10
      minute(400, 60, { INVALID: 3 }), // 05:50: outside 6 h; its hour row counts from 1 day on
      minute(-3, 70, {}), // 12:33: ahead of now, in no window
      minute(0, 99, { TIMEOUT: 9 }, 2, OTHER), // another partner
    ]);
    const all = await callWindows(t.ctx.db, [PARTNER, OTHER], [5, 10, 1440], [5], NOW);
    expect([...(all.get(OTHER)?.keys() ?? [])]).toEqual(['checkout']);
    expect(all.get(OTHER)?.get('checkout')?.(5)).toMatchObject({ okCount: 99, errorCount: 9 });
    const windows = all.get(PARTNER) ?? new Map();
    expect([...windows.keys()]).toEqual(['checkout']);
    const checkout = windows.get('checkout');
    expect(checkout?.(5)).toEqual({
      okCount: 30,
      errorCount: 2,
      errorTypes: { TIMEOUT: 2 },
      latencyCounts: [0, 12, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      latencySumMs: 3200,
    });
    // Only the histogram's window has its bins summed.
    expect(checkout?.(10)).toMatchObject({
      okCount: 100,
      errorCount: 3,
      errorTypes: { TIMEOUT: 2, CLOSED: 1 },
      latencyCounts: bins(0, 0),
      latencySumMs: 10_300,
    });
    // A day: the hour rows from 13:00 yesterday to 12:00 today, 12:33 included (hour rows have no minutes).
    expect(checkout?.(1440)).toMatchObject({
      okCount: 10 + 20 + 30 + 40 + 50 + 60 + 70,
      errorCount: 11,
      errorTypes: { TIMEOUT: 7, CLOSED: 1, INVALID: 3 },
    });
    expect(() => checkout?.(15)).toThrow('call window of 15 minutes was not summed');
    // The same day once the ended hours are rolled up: hour rows up to 12:00, minutes from it on.
    await rollUpHours(t.ctx.db, new Date(NOW));
    const rolled = await callWindows(t.ctx.db, [PARTNER], [5, 1440], [5, 1440], NOW);
    expect(rolled.get(PARTNER)?.get('checkout')?.(1440)).toEqual({
      okCount: 10 + 20 + 30 + 40 + 50 + 60 + 70,
      errorCount: 11,
      errorTypes: { TIMEOUT: 7, CLOSED: 1, INVALID: 3 },
      latencyCounts: [0, 12, 259, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      latencySumMs: 29_100,
    });
  });

  it('answers no windows for a partner without calls', async () => {
    await maintainPartitions(t.ctx.db, new Date(NOW), { minuteDays: 30, hourMonths: 13 });
    const quiet = '00000000-0000-4000-8000-0000000000ce';
    expect((await callWindows(t.ctx.db, [quiet], [5, 10080], [5], NOW + HOUR)).size).toBe(0);
  });

  it('sums six hours from minutes and anything longer from whole hours; extra stored bins are dropped', async () => {
    await maintainPartitions(t.ctx.db, new Date(NOW), { minuteDays: 30, hourMonths: 13 });
    const edge = '00000000-0000-4000-8000-0000000000cf';
    const longer = { ...minute(359, 5, {}, 2, edge), latencyCounts: [...bins(2, 5), 7] }; // 06:31, one bin too many
    await addCallBuckets(t.ctx.db, [longer, minute(370, 8, {}, 2, edge)]); // and 06:20
    const windows = (await callWindows(t.ctx.db, [edge], [360, 361], [360], NOW)).get(edge)?.get('checkout');
    expect(windows?.(360)).toMatchObject({ okCount: 5, latencyCounts: bins(2, 5) });
    expect(windows?.(361)).toMatchObject({ okCount: 13 });
  });
});
