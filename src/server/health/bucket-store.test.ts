import { eq, gte } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { LATENCY_BINS } from '../../shared/health.js';
import { callHours, callMinutes, feedHours, merchantHours } from '../db/schema/index.js';
import { maintainPartitions } from './partitions.js';
import { rollUpHours } from './rollup.js';
import { addCallBuckets, addFeedBuckets, addMerchantBuckets } from './store-buckets.js';

const PARTNER = '00000000-0000-4000-8000-0000000000bb';
/** A histogram of LATENCY_BINS bins, the given first bins followed by zeros. */
const padded = (bins: number[]) => [...bins, ...new Array<number>(LATENCY_BINS - bins.length).fill(0)];

/** Buckets add up however many writers add to them, in their minute rows and (once rolled up) their hour rows. */
describeEachDatabase('health bucket store', (kind) => {
  const t = useTestApp(kind);
  const call = (minute: string, ok: number, errors: Record<string, number>, bins: number[]) => ({
    partnerId: PARTNER,
    action: 'submit_order' as const,
    minute: new Date(minute),
    okCount: ok,
    errorCount: Object.values(errors).reduce((a, b) => a + b, 0),
    errorTypes: errors,
    latencyCounts: padded(bins),
    latencySumMs: ok * 100,
  });

  it('adds concurrent writes to one minute: counts, error types by key, histogram bin by bin', async () => {
    await maintainPartitions(t.ctx.db, new Date('2027-02-01T12:00:00Z'), { minuteDays: 30, hourMonths: 13 });
    const minute = '2027-02-01T10:05:00Z';
    await Promise.all([
      addCallBuckets(t.ctx.db, [call(minute, 10, { TIMEOUT: 2 }, [5, 5, 2, 0])]),
      addCallBuckets(t.ctx.db, [call(minute, 4, { TIMEOUT: 1, NO_CAPACITY: 3 }, [0, 4, 0, 4])]),
      addCallBuckets(t.ctx.db, [call(minute, 1, {}, [1, 0, 0, 0])]),
    ]);
    const [row] = await t.ctx.db.select().from(callMinutes);
    expect(row).toMatchObject({
      okCount: 15,
      errorCount: 6,
      errorTypes: { TIMEOUT: 3, NO_CAPACITY: 3 },
      latencyCounts: padded([6, 9, 2, 4]),
      latencySumMs: 1500,
    });
  });

  it('adds to a row stored before the last bins existed as if those bins were zero', async () => {
    const minute = '2027-02-01T08:06:00Z';
    const ofMinute = eq(callMinutes.minute, new Date(minute));
    await addCallBuckets(t.ctx.db, [call(minute, 1, {}, [1])]);
    // A row from when the histogram had two bins fewer.
    await t.ctx.db
      .update(callMinutes)
      .set({ latencyCounts: padded([1]).slice(0, LATENCY_BINS - 2) })
      .where(ofMinute);
    await addCallBuckets(t.ctx.db, [call(minute, 3, { CLOSED: 1 }, [...padded([2]).slice(0, -1), 2])]);
    const [row] = await t.ctx.db.select().from(callMinutes).where(ofMinute);
    expect(row?.latencyCounts).toEqual([...padded([3]).slice(0, -1), 2]);
    expect(row?.errorTypes).toEqual({ CLOSED: 1 });
  });

  it('adds a bucket to its hour row only once that hour is rolled up, so a late event is in both', async () => {
    const hourRows = () =>
      t.ctx.db
        .select()
        .from(callHours)
        .where(gte(callHours.hour, new Date('2027-02-01T10:00:00Z'))) // the hour of the test before left out
        .orderBy(callHours.hour);
    await addCallBuckets(t.ctx.db, [
      call('2027-02-01T10:59:00Z', 2, { CLOSED: 1 }, [1, 1, 1, 0]),
      call('2027-02-01T11:00:00Z', 7, {}, [7, 0, 0, 0]),
    ]);
    expect(await hourRows()).toEqual([]);
    // Hours up to 11:00 rolled up (the first test's 10:05 minute is in the 10:00 hour).
    await rollUpHours(t.ctx.db, new Date('2027-02-01T11:30:00Z'));
    // Late: 10:30 is in a rolled-up hour, 11:10 is not (11:00 is the mark itself).
    await addCallBuckets(t.ctx.db, [
      call('2027-02-01T10:30:00Z', 1, { TIMEOUT: 1 }, [0, 0, 0, 1]),
      call('2027-02-01T11:10:00Z', 3, {}, [3, 0, 0, 0]),
    ]);
    await addFeedBuckets(t.ctx.db, [
      {
        partnerId: PARTNER,
        feed: 'menu',
        minute: new Date('2027-02-01T10:40:00Z'),
        ingestions: 1,
        cleanIngestions: 1,
        records: 42,
        errors: 0,
        warnings: 1,
      },
    ]);
    await addMerchantBuckets(t.ctx.db, [
      {
        partnerId: PARTNER,
        minute: new Date('2027-02-01T10:30:00Z'),
        servingSum: 60,
        totalSum: 100,
        samples: 1,
      },
    ]);
    expect(
      (await hourRows()).map((h) => [
        h.hour.toISOString(),
        h.okCount,
        h.errorCount,
        h.errorTypes,
        h.latencyCounts,
      ]),
    ).toEqual([
      ['2027-02-01T10:00:00.000Z', 18, 8, { TIMEOUT: 4, NO_CAPACITY: 3, CLOSED: 1 }, padded([7, 10, 3, 5])],
    ]);
    expect(await t.ctx.db.select().from(feedHours)).toMatchObject([
      { feed: 'menu', ingestions: 1, cleanIngestions: 1, records: 42, errors: 0, warnings: 1 },
    ]);
    expect(await t.ctx.db.select().from(merchantHours)).toMatchObject([
      { servingSum: 60, totalSum: 100, samples: 1 },
    ]);
    const late = await t.ctx.db
      .select()
      .from(callMinutes)
      .where(eq(callMinutes.minute, new Date('2027-02-01T10:30:00Z')));
    expect(late).toMatchObject([{ okCount: 1, errorCount: 1 }]);
  });
});
