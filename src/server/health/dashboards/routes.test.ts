import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser, unique } from '../../../../tests/support/factories.js';
import { useTestApp } from '../../../../tests/support/test-app.js';
import { LATENCY_BINS } from '../../../shared/health.js';
import { healthFeedState } from '../../db/schema/index.js';
import { evaluateArea, finding } from '../escalations/fixtures.js';
import { rollUpHours } from '../rollup.js';
import { addCallBuckets, addFeedBuckets, addMerchantBuckets } from '../store-buckets.js';

const NOW = '2026-01-05T10:20:30Z';

/** A histogram with `n` calls in each given bin (bins of LATENCY_BOUNDS_MS: 2 is 50–100 ms, 6 is 1–2 s …). */
const bins = (counts: Record<number, number>) =>
  Array.from({ length: LATENCY_BINS }, (_, i) => counts[i] ?? 0);

function call(
  partnerId: string,
  minute: string,
  ok: number,
  errorTypes: Record<string, number>,
  latency: number[],
) {
  return {
    partnerId,
    action: 'checkout' as const,
    minute: new Date(minute),
    okCount: ok,
    errorCount: Object.values(errorTypes).reduce((a, b) => a + b, 0),
    errorTypes,
    latencyCounts: latency,
    latencySumMs: 0,
  };
}

type Point = { t: string } & Record<string, unknown>;
const at = (series: Point[], iso: string) => series.find((p) => p.t === new Date(iso).toISOString());

/** The partner Health page's data and the staff overview, on seeded minute and hour buckets. */
describeEachDatabase('health dashboards', (kind) => {
  const t = useTestApp(kind);

  async function seededPartner() {
    const partner = await buildPartner(t, { name: unique('Pizza Port') });
    const member = await signedInUser(t, { role: 'partner_member', partnerId: partner.id });
    await addCallBuckets(t.ctx.db, [
      call(partner.id, '2025-12-26T03:00:00Z', 10, {}, bins({ 0: 10 })),
      call(partner.id, '2026-01-04T20:00:00Z', 0, { HTTP_500: 5 }, bins({ 0: 5 })),
      call(
        partner.id,
        '2026-01-05T10:05:00Z',
        90,
        { TIMEOUT: 6, NO_CAPACITY: 4 },
        bins({ 2: 50, 3: 40, 5: 10 }),
      ),
      call(partner.id, '2026-01-05T10:06:00Z', 100, {}, bins({ 6: 100 })),
      call(partner.id, '2026-01-05T10:20:00Z', 9, { TIMEOUT: 1 }, bins({ 9: 10 })),
    ]);
    const feed = { partnerId: partner.id, feed: 'menu', minute: new Date('2026-01-05T10:10:00Z') };
    await addFeedBuckets(t.ctx.db, [
      { ...feed, ingestions: 2, cleanIngestions: 1, records: 500, errors: 3, warnings: 1 },
    ]);
    await t.ctx.db.insert(healthFeedState).values({
      partnerId: partner.id,
      feed: 'menu',
      lastCleanAt: new Date('2026-01-05T10:10:00Z'),
      errorsSince: new Date('2026-01-05T10:10:30Z'),
    });
    await addMerchantBuckets(t.ctx.db, [
      {
        partnerId: partner.id,
        minute: new Date('2026-01-05T10:05:00Z'),
        servingSum: 90,
        totalSum: 100,
        samples: 2,
      },
      {
        partnerId: partner.id,
        minute: new Date('2026-01-05T10:07:00Z'),
        servingSum: 40,
        totalSum: 50,
        samples: 1,
      },
    ]);
    return { partner, member, url: `/api/v1/partners/${partner.id}/health` };
  }

  const get = async (agent: Agent, url: string) => {
    const response = await agent.request({ method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('shows the last hour minute by minute: counts, success rates and percentiles from summed histograms', async () => {
    t.clock.set(NOW);
    const { member, url } = await seededPartner();
    const body = await get(member, `${url}?range=1h`);
    expect(body).toMatchObject({
      range: '1h',
      step: '1m',
      from: '2026-01-05T09:21:00.000Z',
      to: '2026-01-05T10:21:00.000Z',
      integration: 'active',
    });
    const [checkout, submit] = body.actions;
    expect(body.actions.map((a: { action: string }) => a.action)).toEqual([
      'checkout',
      'submit_order',
      'order_update',
    ]);
    expect(checkout.series).toHaveLength(60);
    expect(checkout.series[0]).toEqual({
      t: '2026-01-05T09:21:00.000Z',
      ok: 0,
      errors: 0,
      successRate: null,
      p50Ms: null,
      p99Ms: null,
      errorTypes: {},
    });
    expect(at(checkout.series, '2026-01-05T10:05:00Z')).toEqual({
      t: '2026-01-05T10:05:00.000Z',
      ok: 90,
      errors: 10,
      successRate: 0.9,
      p50Ms: 100,
      p99Ms: 950,
      errorTypes: { TIMEOUT: 6, NO_CAPACITY: 4 },
    });
    expect(at(checkout.series, '2026-01-05T10:06:00Z')).toMatchObject({
      p50Ms: 1500,
      p99Ms: 1990,
      successRate: 1,
    });
    expect(checkout.series[59]).toMatchObject({ ok: 9, errors: 1, p50Ms: 6500, p99Ms: 7970 });
    // The range's percentiles come from the summed histogram (210 calls), not from the steps' figures.
    expect(checkout.totals).toEqual({
      ok: 199,
      errors: 11,
      successRate: 199 / 210,
      p50Ms: 1050,
      p99Ms: 7370,
      topErrorTypes: [
        { type: 'TIMEOUT', count: 7 },
        { type: 'NO_CAPACITY', count: 4 },
      ],
    });
    expect(submit.totals).toEqual({
      ok: 0,
      errors: 0,
      successRate: null,
      p50Ms: null,
      p99Ms: null,
      topErrorTypes: [],
    });

    expect(body.feeds).toHaveLength(1);
    expect(body.feeds[0]).toMatchObject({
      feed: 'menu',
      lastCleanAt: '2026-01-05T10:10:00.000Z',
      errorsSince: '2026-01-05T10:10:30.000Z',
    });
    expect(at(body.feeds[0].series, '2026-01-05T10:10:00Z')).toEqual({
      t: '2026-01-05T10:10:00.000Z',
      ingestions: 2,
      errors: 3,
      warnings: 1,
      records: 500,
    });
    expect(at(body.merchants.series, '2026-01-05T10:05:00Z')).toEqual({
      t: '2026-01-05T10:05:00.000Z',
      serving: 45,
      total: 50,
    });
    expect(at(body.merchants.series, '2026-01-05T10:06:00Z')).toMatchObject({ serving: null, total: null });
    expect(body.merchants.latest).toEqual({ serving: 40, total: 50 });
  });

  it('picks a step per range so a chart has at most 200 points, minutes up to a day and hours beyond', async () => {
    t.clock.set(NOW);
    const { member, url } = await seededPartner();

    const day = await get(member, `${url}?range=24h`);
    expect(day).toMatchObject({
      step: '15m',
      from: '2026-01-04T10:30:00.000Z',
      to: '2026-01-05T10:30:00.000Z',
    });
    const dayCheckout = day.actions[0];
    expect(dayCheckout.series).toHaveLength(96);
    expect(at(dayCheckout.series, '2026-01-05T10:00:00Z')).toMatchObject({
      ok: 190,
      errors: 10,
      successRate: 0.95,
      p50Ms: 1000,
      p99Ms: 1980,
    });
    expect(at(dayCheckout.series, '2026-01-04T20:00:00Z')).toMatchObject({
      ok: 0,
      errors: 5,
      successRate: 0,
    });
    expect(dayCheckout.totals).toMatchObject({
      ok: 199,
      errors: 16,
      topErrorTypes: [
        { type: 'TIMEOUT', count: 7 },
        { type: 'HTTP_500', count: 5 },
        { type: 'NO_CAPACITY', count: 4 },
      ],
    });
    expect(at(day.merchants.series, '2026-01-05T10:00:00Z')).toEqual({
      t: '2026-01-05T10:00:00.000Z',
      serving: 130 / 3,
      total: 50,
    });

    const week = await get(member, `${url}?range=7d`);
    expect(week).toMatchObject({
      step: '1h',
      from: '2025-12-29T11:00:00.000Z',
      to: '2026-01-05T11:00:00.000Z',
    });
    expect(week.actions[0].series).toHaveLength(168);
    expect(week.actions[0].series[167]).toMatchObject({
      t: '2026-01-05T10:00:00.000Z',
      ok: 199,
      errors: 11,
      p50Ms: 1050,
      p99Ms: 7370,
    });
    expect(week.actions[0].totals).toMatchObject({ ok: 199, errors: 16 });
    expect(at(week.feeds[0].series, '2026-01-05T10:00:00Z')).toMatchObject({ ingestions: 2, records: 500 });

    const month = await get(member, `${url}?range=30d`);
    expect(month).toMatchObject({
      step: '6h',
      from: '2025-12-06T12:00:00.000Z',
      to: '2026-01-05T12:00:00.000Z',
    });
    expect(month.actions[0].series).toHaveLength(120);
    expect(at(month.actions[0].series, '2025-12-26T00:00:00Z')).toMatchObject({
      ok: 10,
      errors: 0,
      p50Ms: 13,
    });
    expect(month.actions[0].totals).toMatchObject({ ok: 209, errors: 16, successRate: 209 / 225 });

    // The same charts once the ended hours are rolled up: hour rows before 10:00, minutes from it on.
    await rollUpHours(t.ctx.db, new Date(NOW));
    expect(await get(member, `${url}?range=7d`)).toEqual(week);
    expect(await get(member, `${url}?range=30d`)).toEqual(month);
  });

  it('refuses an unknown range naming the field, and hides one partner’s health from another (404)', async () => {
    t.clock.set(NOW);
    const a = await seededPartner();
    const b = await seededPartner();
    const bad = await a.member.request({ method: 'GET', url: `${a.url}?range=2h` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ field: 'range', reason: 'not_allowed' });
    expect((await b.member.request({ method: 'GET', url: a.url })).statusCode).toBe(404);
    expect((await get(b.member, b.url)).range).toBe('24h');
    const staff = await signedInUser(t, { role: 'consultant' });
    expect((await get(staff, a.url)).actions[0].totals.ok).toBe(199);
    expect((await a.member.request({ method: 'GET', url: '/api/v1/health/overview' })).statusCode).toBe(403);
  });

  it('ranks partners worst first: open escalations by severity, then the lowest 24-hour success rate', async () => {
    t.clock.set(NOW);
    const staff = await signedInUser(t, { role: 'consultant' });
    const name = unique('Overview');
    const build = (suffix: string, status: 'launched' | 'integrating' = 'launched') =>
      buildPartner(t, { name: `${name} ${suffix}`, status });
    const [failing, healthy, idle, escalated] = [
      await build('failing'),
      await build('healthy'),
      await build('idle', 'integrating'),
      await build('escalated'),
    ];
    await addCallBuckets(t.ctx.db, [
      call(failing.id, '2026-01-05T10:01:00Z', 5, { TIMEOUT: 5 }, bins({ 2: 10 })),
      call(failing.id, '2026-01-05T07:30:00Z', 30, { TIMEOUT: 10 }, bins({ 2: 40 })),
      call(failing.id, '2026-01-04T10:59:00Z', 100, {}, bins({ 2: 100 })), // 24 hours ago: outside
      call(healthy.id, '2026-01-05T09:00:00Z', 20, {}, bins({ 2: 20 })),
      call(escalated.id, '2026-01-05T10:00:00Z', 10, {}, bins({ 2: 10 })),
    ]);
    await evaluateArea(t.ctx, escalated.id, 'action:checkout', [
      finding('action:checkout', 'hard_down', 'critical'),
    ]);
    await evaluateArea(t.ctx, escalated.id, 'feed:menu', [finding('feed:menu', 'feed_stale', 'medium')]);
    await evaluateArea(t.ctx, healthy.id, 'merchants', [finding('merchants', 'merchants_serving', 'low')]);

    const mine = (rows: { name: string }[]) => rows.filter((r) => r.name.startsWith(name));
    const rows = mine(await get(staff, '/api/v1/health/overview'));
    expect(rows.map((r) => r.name)).toEqual([
      `${name} escalated`,
      `${name} healthy`,
      `${name} failing`,
      `${name} idle`,
    ]);
    const [escalatedRow, healthyRow, failingRow, idleRow] = rows as Record<string, unknown>[];
    expect(escalatedRow).toMatchObject({
      partnerId: escalated.id,
      status: 'launched',
      integration: 'active',
      score: 1,
      openEscalations: { count: 2, worstSeverity: 'critical' },
    });
    expect(healthyRow).toMatchObject({ score: 1, openEscalations: { count: 1, worstSeverity: 'low' } });
    expect(failingRow).toMatchObject({ score: 35 / 50, openEscalations: { count: 0, worstSeverity: null } });
    const sparkline = (failingRow as { sparkline: (number | null)[] }).sparkline;
    expect(sparkline).toHaveLength(24);
    expect(sparkline[23]).toBe(0.5);
    expect(sparkline[20]).toBe(0.75);
    expect(sparkline.filter((v) => v !== null)).toHaveLength(2);
    expect(idleRow).toMatchObject({ status: 'integrating', score: null, lastSignalAt: null });
    expect(idleRow).toMatchObject({ partnerId: idle.id, sparkline: Array(24).fill(null) });
    // The same sparklines once the ended hours are rolled up.
    await rollUpHours(t.ctx.db, new Date(NOW));
    expect(mine(await get(staff, '/api/v1/health/overview'))).toEqual(rows);

    const names = async (query: string) =>
      mine(await get(staff, `/api/v1/health/overview?${query}`)).map((r) => r.name);
    expect(await names('severity=critical')).toEqual([`${name} escalated`]);
    expect(await names('severity=low')).toEqual([`${name} escalated`, `${name} healthy`]);
    expect(await names('status=integrating')).toEqual([`${name} idle`]);
    const bad = await staff.request({ method: 'GET', url: '/api/v1/health/overview?severity=worst' });
    expect(bad.json().error).toMatchObject({ field: 'severity' });
  });
});
