import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARTNERS, fillHealthHistoryGap, liveScenarios, seedDemo } from '../scripts/demo/seed.js';
import { rowsOf } from '../src/server/db/client.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('the demo world (npm run demo)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const count = async (query: ReturnType<typeof sql>): Promise<Record<string, string | number>[]> =>
    rowsOf<Record<string, string>>(await t.ctx.db.execute(query)).map((r) => ({ ...r, n: Number(r.n) }));

  async function snapshot() {
    return {
      partners: await count(
        sql`select status, integration_state as state, count(*) as n from partners group by 1, 2 order by 1, 2`,
      ),
      users: await count(sql`select role, count(*) as n from users group by 1 order by 1`),
      contacts: await count(
        sql`select role, locale, count(*) as n from contacts group by 1, 2 order by 1, 2`,
      ),
      cases: await count(sql`select status, count(*) as n from cases group by 1 order by 1`),
      hours: await count(
        sql`select count(distinct date_trunc('day', hour)) as days, count(*) as n from call_hours`,
      ),
      minutes: await count(sql`select count(*) as n from call_minutes`),
      policies: await count(
        sql`select count(*) as n from escalation_policies where jsonb_array_length(levels) = 2`,
      ),
      schedules: await count(sql`select count(*) as n from schedules`),
    };
  }

  it('seeds partners in every status, staff and partner users, contacts, cases in every state, a week of buckets', async () => {
    const lines: string[] = [];
    expect(await seedDemo(t.ctx, t.app, (line) => lines.push(line))).toBe(true);
    expect(lines.length).toBeGreaterThan(DEMO_PARTNERS.length);
    const world = await snapshot();
    expect(world.partners).toEqual([
      { status: 'integrating', state: 'active', n: 1 },
      { status: 'interested', state: 'active', n: 1 },
      { status: 'launched', state: 'active', n: 5 },
      { status: 'launched', state: 'paused', n: 1 },
    ]);
    expect(world.users.map((u) => u.role)).toEqual([
      'admin',
      'consultant',
      'oncall_engineer',
      'partner_admin',
      'support_agent',
    ]);
    expect(new Set(world.contacts.map((c) => c.role))).toEqual(
      new Set(['technical_emergency', 'alert', 'operations']),
    );
    expect(new Set(world.contacts.map((c) => c.locale))).toEqual(new Set(['en', 'de', 'fr']));
    expect(world.cases.map((c) => c.status).sort()).toEqual(
      ['closed', 'in_progress', 'open', 'resolved', 'triage', 'waiting_on_partner'].sort(),
    );
    expect(Number(world.hours[0]?.days)).toBeGreaterThanOrEqual(7);
    expect(world.hours[0]?.n).toBeGreaterThan(6 * 3 * 7 * 24 - 6 * 3);
    expect(world.minutes[0]?.n).toBeGreaterThan(0);
    expect(world.policies[0]?.n).toBe(1);
    expect(world.schedules[0]?.n).toBe(1);

    expect(await seedDemo(t.ctx, t.app)).toBe(false);
    expect(await snapshot()).toEqual(world);
  }, 180_000);

  it('fills the history of the time the demo was stopped, for the partners the simulator runs', async () => {
    const lastMinute = async () =>
      rowsOf<{ last: Date | string }>(
        await t.ctx.db.execute(sql`select max(minute) as last from call_minutes`),
      )[0]?.last;
    // A restart 20 minutes later: the gap is minutes only, and ends inside an hour.
    t.clock.advance(20 * 60_000);
    expect(await fillHealthHistoryGap(t.ctx)).toBe(20);
    const seededLast = new Date((await lastMinute()) as string | Date).getTime();
    expect(seededLast % 3_600_000).not.toBe(3_600_000 - 60_000);
    // Stopped for a day and 7½ hours: hours for the first part, minutes for the last six, none doubled.
    t.clock.advance(31 * 60 * 60_000 + 30 * 60_000);
    const now = t.clock.now().getTime();
    expect(await fillHealthHistoryGap(t.ctx)).toBe(
      (Math.floor(now / 60_000) * 60_000 - seededLast) / 60_000 - 1,
    );
    expect(new Date((await lastMinute()) as string | Date).getTime()).toBe(
      Math.floor(now / 60_000) * 60_000 - 60_000,
    );
    // The rest of the hour the demo stopped in, minute by minute, added to that hour's rows.
    const nextHour = Math.ceil((seededLast + 60_000) / 3_600_000) * 3_600_000;
    const leading = await count(sql`
      select count(distinct minute) as n from call_minutes
      where minute > ${new Date(seededLast).toISOString()}::timestamptz
        and minute < ${new Date(nextHour).toISOString()}::timestamptz`);
    expect(leading[0]?.n).toBe((nextHour - seededLast) / 60_000 - 1);
    const perHour = await count(sql`
      select p.name, count(*) as n from call_hours h join partners p on p.id = h.partner_id
      where h.hour > ${new Date(seededLast).toISOString()}::timestamptz group by p.name order by p.name`);
    const live = liveScenarios()
      .map((p) => p.name)
      .sort();
    expect(perHour.map((r) => r.name)).toEqual(live);
    // Three actions an hour: each ended hour of the gap is rolled up, one row per action; the current hour is
    // still filling and read from its minutes.
    const endedHoursInGap = Math.floor(now / 3_600_000) - Math.floor(seededLast / 3_600_000) - 1;
    for (const row of perHour) expect(row.n, String(row.name)).toBe(3 * endedHoursInGap);
    const feeds = await count(sql`
      select p.name, min(s.last_clean_at) > ${new Date(now - 10 * 60_000).toISOString()}::timestamptz as fresh,
        count(*) as n from health_feed_state s join partners p on p.id = s.partner_id
      group by p.name order by p.name`);
    expect(feeds.filter((f) => f.fresh).map((f) => f.name)).toEqual(
      liveScenarios()
        .filter((p) => p.scenario !== 'stale-feed')
        .map((p) => p.name)
        .sort(),
    );
    // Run again at once: nothing left to fill.
    expect(await fillHealthHistoryGap(t.ctx)).toBe(0);
  }, 120_000);
});
