import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { rowsOf } from '../db/client.js';
import { callMinutes, jobs } from '../db/schema/index.js';
import { scheduleHealthPartitions } from './partition-jobs.js';
import { maintainPartitions, partitionFor, partitionsOf } from './partitions.js';

const PARTNER = '00000000-0000-4000-8000-0000000000aa';
const retention = { minuteDays: 30, hourMonths: 13 };

/** Time partitions of the health signal tables: made ahead, dropped past retention, never losing a row. */
describeEachDatabase('health partitions', (kind) => {
  const t = useTestApp(kind);
  const bucket = (minute: string) => ({
    partnerId: PARTNER,
    action: 'checkout',
    okCount: 1,
    latencyCounts: [1],
    minute: new Date(minute),
  });
  const setMark = async (at: string | null) => {
    await t.ctx.db.execute(sql`update health_rollup set rolled_until = ${at}::timestamptz`);
  };
  const whereRowsAre = async (minute: string) =>
    rowsOf<{ part: string }>(
      await t.ctx.db.execute(
        sql`select tableoid::regclass::text as part from call_minutes where minute = ${minute}::timestamptz`,
      ),
    ).map((r) => r.part.replaceAll('"', ''));

  it('names and bounds partitions in UTC days and months', () => {
    expect(partitionFor('call_minutes', 'day', new Date('2027-03-28T23:30:00Z'))).toEqual({
      name: 'call_minutes_p20270328',
      start: new Date('2027-03-28T00:00:00Z'),
      end: new Date('2027-03-29T00:00:00Z'),
    });
    expect(partitionFor('call_hours', 'month', new Date('2027-12-31T23:59:00Z'))).toMatchObject({
      name: 'call_hours_p202712',
      end: new Date('2028-01-01T00:00:00Z'),
    });
  });

  it('keeps day partitions from the retention cutoff to two days ahead, and drops the expired ones', async () => {
    await maintainPartitions(t.ctx.db, new Date('2027-03-10T12:00:00Z'), retention);
    const days = (await partitionsOf(t.ctx.db, 'call_minutes', 'day')).map((p) => p.name);
    expect(days[0]).toBe('call_minutes_p20270208');
    expect(days.at(-1)).toBe('call_minutes_p20270312');
    expect(days).toHaveLength(33);
    const months = (await partitionsOf(t.ctx.db, 'call_hours', 'month')).map((p) => p.name);
    expect([months[0], months.at(-1), months.length]).toEqual([
      'call_hours_p202602',
      'call_hours_p202704',
      15,
    ]);

    await t.ctx.db
      .insert(callMinutes)
      .values([bucket('2027-02-09T10:00:00Z'), bucket('2027-03-10T11:59:00Z')]);
    expect(await whereRowsAre('2027-03-10T11:59:00Z')).toEqual(['call_minutes_p20270310']);

    // Rolled up to midnight: retention decides alone.
    await setMark('2027-03-12T00:00:00Z');
    const dropped = await maintainPartitions(t.ctx.db, new Date('2027-03-12T00:30:00Z'), retention);
    expect(dropped.filter((d) => d.startsWith('call_minutes'))).toEqual([
      'call_minutes_p20270208',
      'call_minutes_p20270209',
    ]);
    expect(await whereRowsAre('2027-02-09T10:00:00Z')).toEqual([]);
    expect(await whereRowsAre('2027-03-10T11:59:00Z')).toEqual(['call_minutes_p20270310']);
  });

  it('keeps minutes past retention while they are not rolled up, as their hours exist nowhere else', async () => {
    await t.ctx.db.insert(callMinutes).values(bucket('2027-02-20T10:00:00Z'));
    // Never rolled up: no minute partition goes, however old; hour partitions keep their own retention.
    await setMark(null);
    const never = await maintainPartitions(t.ctx.db, new Date('2027-03-25T00:30:00Z'), retention);
    expect(never.filter((d) => d.startsWith('call_minutes'))).toEqual([]);
    expect(await whereRowsAre('2027-02-20T10:00:00Z')).toEqual(['call_minutes_p20270220']);
    // Rolled up to 2027-02-21: partitions ending by then go, the later ones wait for the roll-up.
    await setMark('2027-02-21T00:00:00Z');
    const dropped = await maintainPartitions(t.ctx.db, new Date('2027-03-25T00:30:00Z'), retention);
    expect(dropped.filter((d) => d.startsWith('call_minutes'))).toEqual([
      'call_minutes_p20270210',
      'call_minutes_p20270211',
      'call_minutes_p20270212',
      'call_minutes_p20270213',
      'call_minutes_p20270214',
      'call_minutes_p20270215',
      'call_minutes_p20270216',
      'call_minutes_p20270217',
      'call_minutes_p20270218',
      'call_minutes_p20270219',
      'call_minutes_p20270220',
    ]);
    expect((await partitionsOf(t.ctx.db, 'call_minutes', 'day'))[0]?.name).toBe('call_minutes_p20270221');
  });

  it('moves rows the default partition caught into the partition made for them later', async () => {
    await t.ctx.db.insert(callMinutes).values(bucket('2027-04-01T08:00:00Z'));
    expect(await whereRowsAre('2027-04-01T08:00:00Z')).toEqual(['call_minutes_default']);
    await maintainPartitions(t.ctx.db, new Date('2027-03-31T09:00:00Z'), retention);
    expect(await whereRowsAre('2027-04-01T08:00:00Z')).toEqual(['call_minutes_p20270401']);
  });

  it('lets several instances maintain at once', async () => {
    const at = new Date('2027-05-02T00:00:00Z');
    await Promise.all([1, 2, 3].map(() => maintainPartitions(t.ctx.db, at, retention)));
    const days = (await partitionsOf(t.ctx.db, 'call_minutes', 'day')).map((p) => p.name);
    expect(days.at(-1)).toBe('call_minutes_p20270504');
    expect(new Set(days).size).toBe(days.length);
  });

  it('runs as an hourly job from the start, with the configured retention', async () => {
    t.clock.set('2027-06-15T10:00:00Z');
    await setMark('2027-06-15T10:00:00Z');
    await scheduleHealthPartitions(t.ctx);
    await t.worker.runDue();
    const days = (await partitionsOf(t.ctx.db, 'merchant_minutes', 'day')).map((p) => p.name);
    expect([days[0], days.at(-1)]).toEqual(['merchant_minutes_p20270516', 'merchant_minutes_p20270617']);
    const next = await t.ctx.db.select().from(jobs).where(eq(jobs.name, 'health.partitions'));
    expect(next.filter((j) => j.status === 'queued').map((j) => [j.runAt, j.singletonKey])).toEqual([
      [new Date('2027-06-15T11:00:00Z'), 'health.partitions:2027-06-15T11:00:00.000Z'],
    ]);
    t.clock.set('2027-06-15T11:00:00Z');
    await t.worker.runDue();
    const later = await t.ctx.db.select().from(jobs).where(eq(jobs.name, 'health.partitions'));
    expect(later.filter((j) => j.status === 'queued').map((j) => j.runAt)).toEqual([
      new Date('2027-06-15T12:00:00Z'),
    ]);
  });
});
