import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../tests/support/databases.js';
import { buildIngestToken, buildPartner, signedInUser } from '../../../../tests/support/factories.js';
import { type TestApp, useTestApp } from '../../../../tests/support/test-app.js';
import {
  callHours,
  callMinutes,
  feedMinutes,
  healthFeedState,
  healthPartnerState,
  healthStreaks,
  jobs,
  merchantMinutes,
} from '../../db/schema/index.js';
import { HOUR, MINUTE } from '../../lib/clock.js';
import { rollUpHours } from '../rollup.js';
import { ingestSignals } from './service.js';

const post = (t: TestApp, token: string, payload: unknown) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/signals',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

describeEachDatabase('signal intake', (kind) => {
  const t = useTestApp(kind, { config: { signalBatchesPerMinute: 1000 } });
  const iso = (offsetMs: number) => new Date(t.clock.now().getTime() + offsetMs).toISOString();
  const call = (partnerId: string, over: Record<string, unknown> = {}) => ({
    type: 'call',
    partnerId,
    action: 'submit_order',
    outcome: 'ok',
    latencyMs: 120,
    at: iso(0),
    ...over,
  });

  it('keeps the good events of a batch and names each bad one by index and field', async () => {
    const token = await buildIngestToken(t);
    const partner = await buildPartner(t);
    const response = await post(t, token, {
      events: [
        call(partner.id),
        call('00000000-0000-4000-8000-000000000000'),
        { ...call(partner.id), type: 'pageview' },
        call(partner.id, { at: iso(6 * MINUTE) }),
        call(partner.id, { at: iso(-31 * 24 * 60 * MINUTE) }),
        call(partner.id, { outcome: 'error', errorType: 'NO_CAPACITY', latencyMs: 900 }),
        {
          type: 'feed',
          partnerId: partner.id,
          feed: 'menu',
          records: 10,
          errors: 0,
          warnings: 1,
          at: iso(0),
        },
        { type: 'merchants', partnerId: partner.id, serving: 8, total: 10, at: iso(0) },
      ],
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({
      accepted: 4,
      rejected: [
        { index: 1, reason: 'partnerId: unknown partner' },
        { index: 2, reason: 'type: must be call, feed or merchants' },
        { index: 3, reason: 'at: more than 5 minutes in the future' },
        { index: 4, reason: 'at: older than the retention period' },
      ],
    });
    const minute = await t.ctx.db.select().from(callMinutes).where(eq(callMinutes.partnerId, partner.id));
    expect(minute).toMatchObject([
      { okCount: 1, errorCount: 1, errorTypes: { NO_CAPACITY: 1 }, latencySumMs: 1020 },
    ]);
    // The hour is still filling: it is read from its minutes until the roll-up sums it.
    const hourRows = () => t.ctx.db.select().from(callHours).where(eq(callHours.partnerId, partner.id));
    expect(await hourRows()).toEqual([]);
    await rollUpHours(t.ctx.db, new Date(t.clock.now().getTime() + HOUR));
    expect(await hourRows()).toMatchObject([{ okCount: 1, errorCount: 1, errorTypes: { NO_CAPACITY: 1 } }]);
    expect(
      await t.ctx.db.select().from(feedMinutes).where(eq(feedMinutes.partnerId, partner.id)),
    ).toMatchObject([{ feed: 'menu', ingestions: 1, cleanIngestions: 1, records: 10, warnings: 1 }]);
    expect(
      await t.ctx.db.select().from(merchantMinutes).where(eq(merchantMinutes.partnerId, partner.id)),
    ).toMatchObject([{ servingSum: 8, totalSum: 10, samples: 1 }]);
    const [state] = await t.ctx.db
      .select()
      .from(healthPartnerState)
      .where(eq(healthPartnerState.partnerId, partner.id));
    expect(state).toMatchObject({ signalSeq: 1, evaluatedSeq: 0 });
    const queued = await t.ctx.db.select().from(jobs).where(eq(jobs.name, 'health.evaluate'));
    expect(queued.length).toBeGreaterThan(0);
  });

  it('queues one evaluation for each five-second slot, however many batches arrive in it', async () => {
    const token = await buildIngestToken(t);
    const partner = await buildPartner(t);
    const runs = async () =>
      (await t.ctx.db.select({ runAt: jobs.runAt }).from(jobs).where(eq(jobs.name, 'health.evaluate')))
        .map((j) => j.runAt.getTime())
        .sort();
    // 1 s into a slot that no earlier test queued for.
    t.clock.advance(MINUTE - (t.clock.now().getTime() % (5 * 1000)) + 1000);
    const before = await runs();
    for (let i = 0; i < 3; i++)
      expect((await post(t, token, { events: [call(partner.id)] })).statusCode).toBe(202);
    const slotEnd = t.clock.now().getTime() - 1000 + 10_000;
    expect((await runs()).filter((at) => !before.includes(at))).toEqual([slotEnd]);
    t.clock.advance(5 * 1000);
    expect((await post(t, token, { events: [call(partner.id)] })).statusCode).toBe(202);
    expect((await runs()).filter((at) => !before.includes(at))).toEqual([slotEnd, slotEnd + 5 * 1000]);
  });

  it('queues no evaluation for a batch of which no event was kept', async () => {
    const token = await buildIngestToken(t);
    const partner = await buildPartner(t);
    const evaluations = async () =>
      (await t.ctx.db.select().from(jobs).where(eq(jobs.name, 'health.evaluate'))).length;
    t.clock.advance(MINUTE); // a slot no earlier batch queued for
    const before = await evaluations();
    const refused = await post(t, token, { events: [call(partner.id, { outcome: 'maybe' })] });
    expect(refused.json()).toMatchObject({ accepted: 0, rejected: [{ index: 0 }] });
    const nobodyNamed = await post(t, token, { events: [{ type: 'call' }] });
    expect(nobodyNamed.json()).toMatchObject({ accepted: 0, rejected: [{ index: 0 }] });
    expect(await evaluations()).toBe(before);
    expect((await post(t, token, { events: [call(partner.id)] })).json()).toMatchObject({ accepted: 1 });
    expect(await evaluations()).toBe(before + 1);
  });

  it('refuses more than 10,000 events handed over already parsed, too', async () => {
    await expect(
      ingestSignals(
        t.ctx,
        'seed',
        Array.from({ length: 10_001 }, () => ({})),
      ),
    ).rejects.toMatchObject({
      code: 'payload_too_large',
      details: { field: 'events' },
    });
  });

  it('refuses a malformed body or more than 10,000 events whole: 400 / 413, nothing kept', async () => {
    const token = await buildIngestToken(t);
    const partner = await buildPartner(t);
    const tooMany = await post(t, token, { events: Array.from({ length: 10_001 }, () => call(partner.id)) });
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().error).toMatchObject({ field: 'events', params: { limit: 10_000 } });
    const notJson = await post(t, token, '{"events": [');
    expect(notJson.statusCode).toBe(400);
    const notArray = await post(t, token, { events: 'many' });
    expect(notArray.statusCode).toBe(400);
    expect(notArray.json().error.field).toBe('events');
    expect(await t.ctx.db.select().from(callMinutes).where(eq(callMinutes.partnerId, partner.id))).toEqual(
      [],
    );
    const exactly = await post(t, token, { events: Array.from({ length: 10_000 }, () => call(partner.id)) });
    expect(exactly.json()).toEqual({ accepted: 10_000, rejected: [] });
  });

  it('takes an ingest token or a platform admin, nobody else', async () => {
    const partner = await buildPartner(t);
    const member = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const agent = await signedInUser(t, { role: 'support_agent' });
    const body = { events: [call(partner.id)] };
    expect((await member.request({ method: 'POST', url: '/api/v1/signals', payload: body })).statusCode).toBe(
      403,
    );
    expect((await agent.request({ method: 'POST', url: '/api/v1/signals', payload: body })).statusCode).toBe(
      403,
    );
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/signals', payload: body })).statusCode).toBe(
      401,
    );
  });

  it('adds concurrent batches for the same minute without losing any, and keeps the failure streak', async () => {
    const token = await buildIngestToken(t);
    const partner = await buildPartner(t);
    // The hour rolled up already: every batch is late and adds to the hour row as well as to its minutes.
    await rollUpHours(t.ctx.db, new Date(t.clock.now().getTime() + HOUR));
    const batch = (n: number) => ({
      events: Array.from({ length: 50 }, (_, i) =>
        call(partner.id, {
          outcome: 'error',
          errorType: 'TIMEOUT',
          merchantId: `m-${n}-${i}`,
          at: iso(-MINUTE + n * 1000 + i),
        }),
      ),
    });
    const answers = await Promise.all([0, 1, 2, 3, 4, 5].map((n) => post(t, token, batch(n))));
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 202, 202, 202]);
    const rows = await t.ctx.db.select().from(callMinutes).where(eq(callMinutes.partnerId, partner.id));
    expect(rows.reduce((sum, r) => sum + r.errorCount, 0)).toBe(300);
    const [hour] = await t.ctx.db.select().from(callHours).where(eq(callHours.partnerId, partner.id));
    expect(hour?.errorTypes).toEqual({ TIMEOUT: 300 });
    const [streak] = await t.ctx.db
      .select()
      .from(healthStreaks)
      .where(eq(healthStreaks.partnerId, partner.id));
    expect(streak?.failures).toBe(300);
    expect(streak?.failingMerchants).toHaveLength(10);
    const [state] = await t.ctx.db
      .select()
      .from(healthPartnerState)
      .where(eq(healthPartnerState.partnerId, partner.id));
    expect(state?.signalSeq).toBe(6);

    await post(t, token, { events: [call(partner.id, { at: iso(0) })] });
    const [after] = await t.ctx.db
      .select()
      .from(healthStreaks)
      .where(eq(healthStreaks.partnerId, partner.id));
    expect(after).toMatchObject({ failures: 0, failingSince: null, lastOkAt: new Date(iso(0)) });
  });

  it('moves the last success of a streak without failures forward only, and leaves a failing one to the rule', async () => {
    const token = await buildIngestToken(t);
    const partner = await buildPartner(t);
    const streak = async () =>
      (await t.ctx.db.select().from(healthStreaks).where(eq(healthStreaks.partnerId, partner.id)))[0];
    const oks = (...offsets: number[]) => ({
      events: offsets.map((at) => call(partner.id, { at: iso(at) })),
    });

    await post(t, token, oks(-3 * MINUTE)); // the first call makes the row
    await post(t, token, oks(-2 * MINUTE, -MINUTE));
    expect(await streak()).toMatchObject({ lastOkAt: new Date(iso(-MINUTE)), failures: 0 });
    await post(t, token, oks(-2 * MINUTE)); // a late batch: older than the last success
    expect((await streak())?.lastOkAt).toEqual(new Date(iso(-MINUTE)));

    const fail = (at: number) => call(partner.id, { outcome: 'error', errorType: 'CLOSED', at: iso(at) });
    await post(t, token, { events: [fail(-50_000), fail(-40_000), fail(-30_000)] });
    // Successes before the last failure break the streak there; the failure after them starts it again.
    await post(t, token, oks(-45_000, -35_000));
    expect(await streak()).toMatchObject({
      lastOkAt: new Date(iso(-35_000)),
      failures: 1,
      failingSince: new Date(iso(-30_000)),
    });
    await post(t, token, oks(-20_000));
    expect(await streak()).toMatchObject({
      lastOkAt: new Date(iso(-20_000)),
      failures: 0,
      failingSince: null,
    });
  });

  it('keeps each feed’s last clean ingestion and the errors not cleared since, whatever the batch order', async () => {
    const token = await buildIngestToken(t);
    const partner = await buildPartner(t);
    const feed = (errors: number, offset: number) => ({
      type: 'feed',
      partnerId: partner.id,
      feed: 'restaurant',
      records: 5,
      errors,
      warnings: 0,
      at: iso(offset),
    });
    await post(t, token, { events: [feed(2, -10 * MINUTE)] });
    await post(t, token, { events: [feed(0, -30 * MINUTE)] });
    const read = async () =>
      (await t.ctx.db.select().from(healthFeedState).where(eq(healthFeedState.partnerId, partner.id)))[0];
    expect(await read()).toMatchObject({
      lastCleanAt: new Date(Math.floor((t.clock.now().getTime() - 30 * MINUTE) / MINUTE) * MINUTE),
      errorsSince: new Date(Math.floor((t.clock.now().getTime() - 10 * MINUTE) / MINUTE) * MINUTE),
    });
    await post(t, token, { events: [feed(0, -MINUTE)] });
    expect((await read())?.errorsSince).toBeNull();
  });

  it('reads a feed’s history from all its minutes in one batch, in either order', async () => {
    const token = await buildIngestToken(t);
    const minute = (offset: number) =>
      new Date(Math.floor((t.clock.now().getTime() + offset) / MINUTE) * MINUTE);
    for (const order of [1, -1]) {
      const partner = await buildPartner(t);
      const feed = (errors: number, offset: number) => ({
        type: 'feed',
        partnerId: partner.id,
        feed: 'menu',
        records: 5,
        errors,
        warnings: 0,
        at: iso(offset),
      });
      const events = [feed(0, -20 * MINUTE), feed(3, -10 * MINUTE), feed(1, -5 * MINUTE)];
      expect((await post(t, token, { events: order > 0 ? events : [...events].reverse() })).statusCode).toBe(
        202,
      );
      const [state] = await t.ctx.db
        .select()
        .from(healthFeedState)
        .where(eq(healthFeedState.partnerId, partner.id));
      expect(state, `order ${order}`).toMatchObject({
        lastCleanAt: minute(-20 * MINUTE),
        errorsSince: minute(-10 * MINUTE),
      });
    }
  });

  it('advances only the streaks of the actions a batch has calls for', async () => {
    const token = await buildIngestToken(t);
    const partner = await buildPartner(t);
    const fail = (action: string) =>
      call(partner.id, { action, outcome: 'error', errorType: 'TIMEOUT', at: iso(-MINUTE) });
    await post(t, token, { events: [fail('submit_order'), fail('checkout')] });
    expect((await post(t, token, { events: [call(partner.id, { action: 'checkout' })] })).statusCode).toBe(
      202,
    );
    const streaks = await t.ctx.db
      .select({ action: healthStreaks.action, failures: healthStreaks.failures })
      .from(healthStreaks)
      .where(eq(healthStreaks.partnerId, partner.id))
      .orderBy(healthStreaks.action);
    expect(streaks).toEqual([
      { action: 'checkout', failures: 0 },
      { action: 'submit_order', failures: 1 },
    ]);
  });
});

describeEachDatabase('signal intake limit', (kind) => {
  const t = useTestApp(kind, { config: { signalBatchesPerMinute: 3 } });

  it('answers 429 with Retry-After past the limit per token, counted under concurrency', async () => {
    const token = await buildIngestToken(t);
    const partner = await buildPartner(t);
    const body = {
      events: [
        { type: 'merchants', partnerId: partner.id, serving: 1, total: 2, at: t.clock.now().toISOString() },
      ],
    };
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(t, token, body)));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([202, 202, 202, 429, 429, 429, 429, 429]);
    const refused = answers.find((a) => a.statusCode === 429);
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    const rows = await t.ctx.db
      .select()
      .from(merchantMinutes)
      .where(eq(merchantMinutes.partnerId, partner.id));
    expect(rows[0]?.samples).toBe(3);
    expect(refused?.json().error.message).toBe(
      'Signal intake is over its limit; retry after the time given.',
    );
    // The limit is each token's own: another sender's batch in the same minute is taken.
    expect((await post(t, await buildIngestToken(t), body)).statusCode).toBe(202);
  });
});
