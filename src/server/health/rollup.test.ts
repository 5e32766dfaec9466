import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { LATENCY_BINS } from '../../shared/health.js';
import { rowsOf } from '../db/client.js';
import { callHours, feedHours, healthRollup, jobs, merchantHours } from '../db/schema/index.js';
import { HOUR, MINUTE } from '../lib/clock.js';
import { addBucketRows, bucketRowsOf } from './bucket-store.js';
import { type CallBucket, rollUpCalls } from './buckets.js';
import { hourlyRows } from './hourly-rows.js';
import { holdRolledUntil, rollUpHours } from './rollup.js';
import { scheduleHealthRollup } from './rollup-job.js';
import { addCallBuckets, addFeedBuckets, addMerchantBuckets } from './store-buckets.js';

const PARTNER = '00000000-0000-4000-8000-0000000000d1';
const OTHER = '00000000-0000-4000-8000-0000000000d2';
const at = (iso: string) => new Date(iso);
const padded = (bins: number[]) => [...bins, ...new Array<number>(LATENCY_BINS - bins.length).fill(0)];
const call = (minute: string, ok: number, errors: Record<string, number> = {}, partnerId = PARTNER) => ({
  partnerId,
  action: 'checkout' as const,
  minute: at(minute),
  okCount: ok,
  errorCount: Object.values(errors).reduce((a, b) => a + b, 0),
  errorTypes: errors,
  latencyCounts: padded([ok]),
  latencySumMs: ok * 10,
});

/**
 * Each test works on later hours than the one before: the mark only moves forward, and the database is shared by
 * the file's tests.
 */
describeEachDatabase('hours rolled up from minutes', (kind) => {
  const t = useTestApp(kind);
  const mark = async () => (await t.ctx.db.select().from(healthRollup))[0]?.rolledUntil ?? null;

  it('rolls every ended hour from the oldest minute kept, leaves the current one, and moves the mark', async () => {
    expect(await mark()).toBeNull();
    await addCallBuckets(t.ctx.db, [
      call('2027-04-01T08:10:00Z', 5, { TIMEOUT: 1 }),
      call('2027-04-01T08:59:00Z', 3, { TIMEOUT: 2, CLOSED: 1 }),
      call('2027-04-01T10:00:00Z', 4),
      call('2027-04-01T10:20:00Z', 6, {}, OTHER),
      call('2027-04-01T11:05:00Z', 9),
    ]);
    await addFeedBuckets(t.ctx.db, [
      {
        partnerId: PARTNER,
        feed: 'menu',
        minute: at('2027-04-01T10:01:00Z'),
        ingestions: 2,
        cleanIngestions: 1,
        records: 80,
        errors: 3,
        warnings: 1,
      },
    ]);
    await addMerchantBuckets(t.ctx.db, [
      { partnerId: PARTNER, minute: at('2027-04-01T09:00:00Z'), servingSum: 7, totalSum: 10, samples: 1 },
      { partnerId: PARTNER, minute: at('2027-04-01T09:30:00Z'), servingSum: 9, totalSum: 10, samples: 1 },
    ]);
    expect(await rollUpHours(t.ctx.db, at('2027-04-01T11:30:00Z'))).toEqual({
      from: at('2027-04-01T08:00:00Z'),
      to: at('2027-04-01T11:00:00Z'),
    });
    expect(await mark()).toEqual(at('2027-04-01T11:00:00Z'));
    const hours = await t.ctx.db.select().from(callHours).orderBy(callHours.hour, callHours.partnerId);
    expect(
      hours.map((h) => [
        h.partnerId,
        h.hour.toISOString(),
        h.okCount,
        h.errorCount,
        h.errorTypes,
        h.latencySumMs,
      ]),
    ).toEqual([
      [PARTNER, '2027-04-01T08:00:00.000Z', 8, 4, { TIMEOUT: 3, CLOSED: 1 }, 80],
      [PARTNER, '2027-04-01T10:00:00.000Z', 4, 0, {}, 40],
      [OTHER, '2027-04-01T10:00:00.000Z', 6, 0, {}, 60],
    ]);
    expect(hours[0]?.latencyCounts).toEqual(padded([8]));
    expect(await t.ctx.db.select().from(feedHours)).toMatchObject([
      {
        hour: at('2027-04-01T10:00:00Z'),
        ingestions: 2,
        cleanIngestions: 1,
        records: 80,
        errors: 3,
        warnings: 1,
      },
    ]);
    expect(await t.ctx.db.select().from(merchantHours)).toMatchObject([
      { hour: at('2027-04-01T09:00:00Z'), servingSum: 16, totalSum: 20, samples: 2 },
    ]);
    // Nothing new has ended: nothing rolled, the mark stays.
    expect(await rollUpHours(t.ctx.db, at('2027-04-01T11:59:59Z'))).toBeNull();
    expect(await mark()).toEqual(at('2027-04-01T11:00:00Z'));
  });

  it('rolls from the mark on and replaces what those hours held, so a rerun changes nothing', async () => {
    await addCallBuckets(t.ctx.db, [call('2027-04-01T11:40:00Z', 1), call('2027-04-01T12:15:00Z', 2)]);
    // A row the hour already held (as a second instance's roll-up would have left): replaced, not added to.
    await t.ctx.db.insert(callHours).values({
      ...call('2027-04-01T12:00:00Z', 100),
      hour: at('2027-04-01T12:00:00Z'),
    });
    expect(await rollUpHours(t.ctx.db, at('2027-04-01T13:00:00Z'))).toEqual({
      from: at('2027-04-01T11:00:00Z'),
      to: at('2027-04-01T13:00:00Z'),
    });
    const okByHour = async () =>
      (
        await t.ctx.db
          .select()
          .from(callHours)
          .where(eq(callHours.partnerId, PARTNER))
          .orderBy(callHours.hour)
      ).map((h) => [h.hour.toISOString(), h.okCount]);
    const rolled = [
      ['2027-04-01T08:00:00.000Z', 8],
      ['2027-04-01T10:00:00.000Z', 4],
      ['2027-04-01T11:00:00.000Z', 10],
      ['2027-04-01T12:00:00.000Z', 2],
    ];
    expect(await okByHour()).toEqual(rolled);
    // Rolled again from 08:00, as if the mark had not moved: the same rows, since a roll-up replaces, never adds.
    await t.ctx.db.execute(sql`update health_rollup set rolled_until = '2027-04-01T08:00:00Z'`);
    await rollUpHours(t.ctx.db, at('2027-04-01T13:10:00Z'));
    expect(await okByHour()).toEqual(rolled);
  });

  it('reads the same sums by hour whenever the roll-up ran, a late event included', async () => {
    const sums = async (from: string, to: string) =>
      rowsOf<{ hour: string; ok: number }>(
        await t.ctx.db.execute(sql`
          select to_char(at at time zone 'UTC', 'HH24:MI') as hour, sum(ok_count)::int as ok
          from (${hourlyRows('call', ['ok_count'], sql`partner_id = ${OTHER}`, at(from), at(to))}) r
          group by at order by at`),
      );
    await addCallBuckets(t.ctx.db, [
      call('2027-04-01T13:05:00Z', 1, {}, OTHER),
      call('2027-04-01T13:55:00Z', 2, {}, OTHER),
      call('2027-04-01T14:30:00Z', 4, {}, OTHER),
    ]);
    const expected = [
      { hour: '13:00', ok: 3 },
      { hour: '14:00', ok: 4 },
    ];
    // The mark at 13:00: 13:00 and 14:00 come from minutes.
    expect(await sums('2027-04-01T13:00:00Z', '2027-04-01T15:00:00Z')).toEqual(expected);
    await rollUpHours(t.ctx.db, at('2027-04-01T14:40:00Z'));
    // The mark at 14:00: 13:00 from its hour row, 14:00 from minutes; not counted twice.
    expect(await sums('2027-04-01T13:00:00Z', '2027-04-01T15:00:00Z')).toEqual(expected);
    // A late event in the rolled-up hour lands in its hour row and its minute row; read once.
    await addCallBuckets(t.ctx.db, [call('2027-04-01T13:30:00Z', 8, {}, OTHER)]);
    expect(await sums('2027-04-01T13:00:00Z', '2027-04-01T15:00:00Z')).toEqual([
      { hour: '13:00', ok: 11 },
      { hour: '14:00', ok: 4 },
    ]);
    // The window's bounds hold on both sides of the mark.
    expect(await sums('2027-04-01T14:00:00Z', '2027-04-01T14:30:00Z')).toEqual([]);
    expect(await sums('2027-04-01T13:00:00Z', '2027-04-01T14:00:00Z')).toEqual([{ hour: '13:00', ok: 11 }]);
  });

  it('waits for a batch in flight before it sums an hour, so the batch is in the roll-up', async () => {
    const { promise: lockHeld, resolve: locked } = Promise.withResolvers<void>();
    const { promise: released, resolve: release } = Promise.withResolvers<void>();
    // A batch that read the mark (14:00) under the lock and is still writing when the hour ends.
    const batch = t.ctx.db.transaction(async (tx) => {
      const until = await holdRolledUntil(tx);
      locked();
      await released;
      await addBucketRows(
        tx,
        bucketRowsOf({ calls: [call('2027-04-01T15:20:00Z', 50)], feeds: [], merchants: [] }),
        until,
      );
    });
    await lockHeld;
    const rolling = rollUpHours(t.ctx.db, at('2027-04-01T16:00:10Z'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await batch;
    await rolling;
    const [hour] = await t.ctx.db
      .select()
      .from(callHours)
      .where(sql`${callHours.partnerId} = ${PARTNER} and ${callHours.hour} = '2027-04-01T15:00:00Z'`);
    expect(hour?.okCount).toBe(50);
  });

  it('sums error types and histograms as the in-memory roll-up does, for any minutes', async () => {
    const partner = (i: number) => `00000000-0000-4000-8000-${String(100 + i).padStart(12, '0')}`;
    let day = Date.parse('2027-04-03T00:00:00Z');
    const minuteBucket = fc.record({
      partner: fc.integer({ min: 0, max: 2 }),
      minute: fc.integer({ min: 0, max: 3 * 60 - 1 }),
      ok: fc.integer({ min: 0, max: 50 }),
      errors: fc.dictionary(fc.constantFrom('TIMEOUT', 'CLOSED', 'HTTP_500'), fc.integer({ min: 1, max: 9 })),
      bins: fc.array(fc.nat(20), { minLength: LATENCY_BINS, maxLength: LATENCY_BINS }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(minuteBucket, { minLength: 1, maxLength: 30 }), async (drawn) => {
        day += 24 * HOUR;
        // One bucket per key and minute, as intake's merge leaves them.
        const byKey = new Map<string, CallBucket>();
        for (const b of drawn)
          byKey.set(`${b.partner}|${b.minute}`, {
            partnerId: partner(b.partner),
            action: 'submit_order',
            minute: new Date(day + b.minute * MINUTE),
            okCount: b.ok,
            errorCount: Object.values(b.errors).reduce((a, n) => a + n, 0),
            errorTypes: b.errors,
            latencyCounts: b.bins,
            latencySumMs: b.ok * 7,
          });
        const buckets = [...byKey.values()];
        await addCallBuckets(t.ctx.db, buckets);
        await rollUpHours(t.ctx.db, new Date(day + 3 * HOUR));
        const stored = await t.ctx.db
          .select()
          .from(callHours)
          .where(
            sql`${callHours.action} = 'submit_order' and ${callHours.hour} >= ${new Date(day).toISOString()}`,
          );
        const key = (h: { partnerId: string; hour: Date }) => `${h.partnerId}|${h.hour.toISOString()}`;
        const shape = (h: CallBucket | (typeof stored)[number]) => ({
          okCount: h.okCount,
          errorCount: h.errorCount,
          errorTypes: h.errorTypes,
          latencyCounts: h.latencyCounts,
          latencySumMs: h.latencySumMs,
        });
        const expected = Object.fromEntries(
          rollUpCalls(buckets).map((h) => [key(h), shape({ ...h, minute: h.hour })]),
        );
        expect(Object.fromEntries(stored.map((h) => [key(h), shape(h)]))).toEqual(expected);
      }),
      { numRuns: 8 },
    );
  });

  it('gives a batch that waited for a roll-up the mark that roll-up left, so its late events reach their hour', async () => {
    await t.ctx.db.execute(sql`update health_rollup set rolled_until = '2027-05-01T10:00:00Z'`);
    await addCallBuckets(t.ctx.db, [call('2027-05-01T10:05:00Z', 1)]);
    // Another session holds the mark's row, so the roll-up sums the 10:00 hour under the lock, then waits.
    const { promise: released, resolve: release } = Promise.withResolvers<void>();
    const { promise: holding, resolve: held } = Promise.withResolvers<void>();
    const holder = t.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`select * from health_rollup for update`);
      held();
      await released;
    });
    await holding;
    const pause = () => new Promise((resolve) => setTimeout(resolve, 200));
    const rolling = rollUpHours(t.ctx.db, at('2027-05-01T11:00:10Z'));
    await pause();
    // A batch with a 10:40 call arrives meanwhile and waits for the lock the roll-up holds.
    const batch = addCallBuckets(t.ctx.db, [call('2027-05-01T10:40:00Z', 5)]);
    await pause();
    release();
    await Promise.all([holder, rolling, batch]);
    const [hour] = await t.ctx.db
      .select()
      .from(callHours)
      .where(sql`${callHours.partnerId} = ${PARTNER} and ${callHours.hour} = '2027-05-01T10:00:00Z'`);
    expect(hour?.okCount).toBe(6);
  });

  it('runs at start and at the start of every hour after', async () => {
    t.clock.set('2027-06-15T10:20:00Z');
    await scheduleHealthRollup(t.ctx);
    await t.worker.runDue();
    expect(await mark()).toEqual(at('2027-06-15T10:00:00Z'));
    const queued = async () =>
      (await t.ctx.db.select().from(jobs).where(eq(jobs.name, 'health.rollup')))
        .filter((j) => j.status === 'queued')
        .map((j) => [j.runAt, j.singletonKey]);
    expect(await queued()).toEqual([[at('2027-06-15T11:00:00Z'), 'health.rollup:2027-06-15T11:00:00.000Z']]);
    t.clock.set('2027-06-15T11:00:00Z');
    await t.worker.runDue();
    expect(await mark()).toEqual(at('2027-06-15T11:00:00Z'));
    expect(await queued()).toEqual([[at('2027-06-15T12:00:00Z'), 'health.rollup:2027-06-15T12:00:00.000Z']]);
  });
});
