import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARTNERS, seedDemo } from '../scripts/demo/seed.js';
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
});
