import { and, eq, inArray, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../tests/support/databases.js';
import { buildPartner, signedInUser, unique } from '../../../../tests/support/factories.js';
import { useTestApp } from '../../../../tests/support/test-app.js';
import type { ContactRole } from '../../../shared/contacts.js';
import {
  contacts,
  healthEscalationEvents,
  healthEscalations,
  healthPartnerState,
  jobs,
  notifications,
  partnerHealthRules,
  partners,
} from '../../db/schema/index.js';
import { HOUR, MINUTE } from '../../lib/clock.js';
import { scheduleHealthJobs } from '../jobs.js';
import { EVALUATION_CHUNK, EVALUATION_DELAY_MS, evaluateDuePartners } from './jobs.js';

/*
 * Detection end to end: signals through the intake route, the evaluation job the batch queues, escalations and
 * the notices they queue, with the clock moved minute by minute.
 */

describeEachDatabase('health evaluation', (kind) => {
  const t = useTestApp(kind, { config: { signalBatchesPerMinute: 100_000 } });
  let token: string;

  const setUp = async () => {
    if (!token) {
      const admin = await signedInUser(t, { role: 'admin' });
      const created = await admin.request({
        method: 'POST',
        url: '/api/v1/ingest-tokens',
        payload: { name: 'p' },
      });
      token = created.json().secret;
    }
    const partner = await buildPartner(t, { status: 'launched' });
    for (const role of ['technical_emergency', 'alert', 'operations'] as ContactRole[]) {
      const now = t.clock.now();
      await t.ctx.db.insert(contacts).values({
        partnerId: partner.id,
        role,
        name: role,
        email: `${unique(role)}@example.test`,
        createdAt: now,
        updatedAt: now,
      });
    }
    return partner.id;
  };

  /** `ok` and `errors` calls over the minute that starts `offsetMs` from now, the errors spread evenly among them. */
  const calls = (partnerId: string, ok: number, errors: number, offsetMs = 0, action = 'submit_order') => {
    const total = ok + errors;
    return Array.from({ length: total }, (_, i) => {
      const failed = Math.floor(((i + 1) * errors) / total) > Math.floor((i * errors) / total);
      const at = new Date(t.clock.now().getTime() + offsetMs + i * 10).toISOString();
      return failed
        ? {
            type: 'call',
            partnerId,
            action,
            outcome: 'error',
            httpStatus: 500,
            errorType: 'TIMEOUT',
            latencyMs: ok === 0 ? 30_000 : 400,
            merchantId: `merchant-${i % 3}`,
            at,
          }
        : { type: 'call', partnerId, action, outcome: 'ok', latencyMs: 150, at };
    });
  };
  const send = async (events: object[]) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/signals',
      headers: { authorization: `Bearer ${token}` },
      payload: { events },
    });
    expect(response.statusCode).toBe(202);
    expect(response.json().rejected).toEqual([]);
  };
  /** Lets the evaluation the batch queued (at the end of the next slot) and the notices it queues run. */
  const settle = async () => {
    t.clock.advance(2 * EVALUATION_DELAY_MS);
    await t.worker.runDue();
  };
  const escalationsOf = (partnerId: string) =>
    t.ctx.db.select().from(healthEscalations).where(eq(healthEscalations.partnerId, partnerId));
  const mailsOf = async (partnerId: string) =>
    (await t.ctx.db.select().from(notifications).where(eq(notifications.partnerId, partnerId))).filter(
      (n) => n.channel === 'email',
    );

  it('opens one critical escalation for a full outage, notifies within seconds, and resolves once healthy', async () => {
    const partnerId = await setUp();
    await send(calls(partnerId, 0, 40));
    await settle();
    const [opened, ...more] = await escalationsOf(partnerId);
    expect(more).toEqual([]);
    expect(opened).toMatchObject({ area: 'action:submit_order', severity: 'critical', status: 'open' });
    expect(opened?.rules).toEqual(expect.arrayContaining(['hard_down', 'error_increase']));
    expect(opened?.evidence.hard_down).toMatchObject({
      sampleMerchantIds: expect.arrayContaining(['merchant-0']),
    });
    const first = await mailsOf(partnerId);
    expect(first.length).toBe(2); // technical emergency and alert, at once; operations only after an hour
    expect(first.every((m) => m.status === 'sent' || m.status === 'queued' || m.status === 'kept')).toBe(
      true,
    );

    // More of the same outage: no second escalation, nothing new on its timeline but the next notices.
    await send(calls(partnerId, 0, 40, 1_000));
    await settle();
    expect((await escalationsOf(partnerId)).length).toBe(1);
    const events = await t.ctx.db
      .select({ type: healthEscalationEvents.type })
      .from(healthEscalationEvents)
      .where(eq(healthEscalationEvents.escalationId, opened?.id as string));
    expect(events.filter((e) => e.type === 'opened')).toHaveLength(1);

    // Healthy again: resolved at the first evaluation 15 minutes after the condition cleared, the contacts told.
    let [clearedAt, resolvedAt] = [0, 0];
    for (let minute = 1; minute <= 40 && resolvedAt === 0; minute++) {
      t.clock.advance(MINUTE - 2 * EVALUATION_DELAY_MS);
      await send(calls(partnerId, 1000, 0));
      await settle();
      const [row] = await escalationsOf(partnerId);
      if (row?.clearSince && clearedAt === 0) clearedAt = minute;
      if (row?.status === 'resolved') resolvedAt = minute;
    }
    expect(clearedAt).toBeGreaterThan(0);
    expect(resolvedAt - clearedAt).toBe(15);
    const templates = (await mailsOf(partnerId)).map((m) => m.template);
    expect(templates.filter((n) => n === 'health_escalation_resolved')).toHaveLength(2);
  });

  it('evaluates every other partner of a run when one partner cannot be, then fails the run for a retry', async () => {
    const [good, broken] = [await setUp(), await setUp()];
    // Overrides no rule can read (written past the route's checks): that partner's windows cannot be summed.
    await t.ctx.db.insert(partnerHealthRules).values({
      partnerId: broken,
      overrides: { latency: { windowMinutes: 2.5 } },
      updatedAt: t.clock.now(),
    });
    await send([...calls(good, 0, 40), ...calls(broken, 0, 40)]);
    t.clock.advance(2 * EVALUATION_DELAY_MS);
    await expect(evaluateDuePartners(t.ctx, t.clock.now())).rejects.toThrow();
    expect(await escalationsOf(good)).toMatchObject([{ area: 'action:submit_order', severity: 'critical' }]);
    expect(await escalationsOf(broken)).toEqual([]);
    // Mended, the retry evaluates it.
    await t.ctx.db.delete(partnerHealthRules).where(eq(partnerHealthRules.partnerId, broken));
    expect(await evaluateDuePartners(t.ctx, t.clock.now())).toBe(1);
    expect(await escalationsOf(broken)).toMatchObject([{ severity: 'critical' }]);
  });

  it('evaluates more partners than fit one transaction, each once, each at the news it had', async () => {
    const ids: string[] = [];
    for (let i = 0; i < EVALUATION_CHUNK + 2; i++)
      ids.push((await buildPartner(t, { status: 'launched' })).id);
    await t.ctx.db
      .insert(healthPartnerState)
      .values(ids.map((partnerId, i) => ({ partnerId, signalSeq: i + 1, signalAt: t.clock.now() })));
    t.clock.advance(2 * EVALUATION_DELAY_MS);
    expect(await evaluateDuePartners(t.ctx, t.clock.now())).toBeGreaterThanOrEqual(EVALUATION_CHUNK + 2);
    const states = await t.ctx.db
      .select()
      .from(healthPartnerState)
      .where(inArray(healthPartnerState.partnerId, ids))
      .orderBy(healthPartnerState.signalSeq);
    expect(states.map((s) => [s.evaluatedSeq, s.evaluatedAt?.getTime()])).toEqual(
      ids.map((_, i) => [i + 1, t.clock.now().getTime()]),
    );
    expect(await evaluateDuePartners(t.ctx, t.clock.now())).toBe(0);
  });

  it('detects a steady 10 % error rate against a healthy day at the first evaluation', async () => {
    const partnerId = await setUp();
    const anonymous = (events: ReturnType<typeof calls>) => events.map(({ merchantId: _, ...call }) => call);
    for (let hour = 24; hour >= 1; hour--)
      await send(anonymous(calls(partnerId, 400, 2, -hour * HOUR, 'checkout')));
    await settle();
    expect(await escalationsOf(partnerId)).toEqual([]);
    // Errors no merchant is named in: the evidence has no sample of failing merchants.
    await send(anonymous(calls(partnerId, 180, 20, 0, 'checkout')));
    await settle();
    const [row] = await escalationsOf(partnerId);
    expect(row).toMatchObject({ area: 'action:checkout', severity: 'high', rules: ['error_increase'] });
    expect(row?.evidence.error_increase).not.toHaveProperty('sampleMerchantIds');
    const mails = await mailsOf(partnerId);
    expect(mails).toHaveLength(1); // high: the technical emergency contact
  });

  it('records an outage of a paused integration as suppressed and sends nothing; a disabled one is not watched', async () => {
    const paused = await setUp();
    await t.ctx.db.update(partners).set({ integrationState: 'paused' }).where(eq(partners.id, paused));
    await send(calls(paused, 0, 40));
    await settle();
    expect(await escalationsOf(paused)).toMatchObject([{ status: 'suppressed', severity: 'critical' }]);
    expect(await mailsOf(paused)).toEqual([]);
    // Silence while paused never resolves it.
    for (let i = 0; i < 4; i++) {
      t.clock.advance(10 * MINUTE);
      await evaluateDuePartners(t.ctx, t.clock.now());
    }
    expect(await escalationsOf(paused)).toMatchObject([{ status: 'suppressed' }]);

    const disabled = await setUp();
    await t.ctx.db.update(partners).set({ integrationState: 'disabled' }).where(eq(partners.id, disabled));
    await send(calls(disabled, 0, 40));
    await settle();
    expect(await escalationsOf(disabled)).toEqual([]);
  });

  it('finds a feed gone stale with no new signal at all, once, and evaluates again after a restart without repeating', async () => {
    const partnerId = await setUp();
    const feed = { type: 'feed', partnerId, feed: 'menu', records: 300, errors: 0, warnings: 0 };
    await send([{ ...feed, at: t.clock.now().toISOString() }]);
    await settle();
    t.clock.advance(23 * HOUR);
    await evaluateDuePartners(t.ctx, t.clock.now());
    expect(await escalationsOf(partnerId)).toEqual([]);
    t.clock.advance(HOUR + MINUTE);
    expect(await evaluateDuePartners(t.ctx, t.clock.now())).toBeGreaterThan(0);
    const [stale] = await escalationsOf(partnerId);
    expect(stale).toMatchObject({ area: 'feed:menu', severity: 'medium', rules: ['feed_stale'] });
    // Evaluating again (a retried job, another instance) changes nothing.
    t.clock.advance(6 * MINUTE);
    await evaluateDuePartners(t.ctx, t.clock.now());
    await evaluateDuePartners(t.ctx, t.clock.now());
    const events = await t.ctx.db
      .select()
      .from(healthEscalationEvents)
      .where(
        and(
          eq(healthEscalationEvents.escalationId, stale?.id as string),
          eq(healthEscalationEvents.type, 'opened'),
        ),
      );
    expect(events).toHaveLength(1);
    expect(await escalationsOf(partnerId)).toHaveLength(1);
  });

  it('opens a critical escalation when most of the partner’s merchants report they cannot serve', async () => {
    const partnerId = await setUp();
    await send([{ type: 'merchants', partnerId, serving: 12, total: 100, at: t.clock.now().toISOString() }]);
    await settle();
    const [row] = await escalationsOf(partnerId);
    expect(row).toMatchObject({ area: 'merchants', severity: 'critical', rules: ['merchants_serving'] });
    expect(row?.evidence.merchants_serving).toMatchObject({ servingShare: 0.12, lowShare: true });
  });

  it('finds a slow tail from the latency histogram even when the mean is fine', async () => {
    const partnerId = await setUp();
    const at = (i: number) => new Date(t.clock.now().getTime() + i * 10).toISOString();
    const call = (i: number, latencyMs: number) => ({
      type: 'call',
      partnerId,
      action: 'order_update',
      outcome: 'ok',
      latencyMs,
      at: at(i),
    });
    // 85 quick calls and 15 of 12 s: a mean under 2 s, a p99 past 8 s with more than 10 calls beyond it.
    await send(Array.from({ length: 100 }, (_, i) => call(i, i < 85 ? 150 : 12_000)));
    await settle();
    const [row] = await escalationsOf(partnerId);
    expect(row).toMatchObject({ area: 'action:order_update', severity: 'high', rules: ['latency'] });
    expect(row?.evidence.latency?.meanMs).toBeLessThan(5000);
    expect(row?.evidence.latency?.p99Ms).toBeGreaterThan(8000);
  });

  it('finds a feed’s errors left uncleared for three business days', async () => {
    // Thursday 15 January 2026: from Friday morning's errors, Monday to Wednesday are the days completed.
    t.clock.set('2026-01-15T09:00:00Z');
    const partnerId = await setUp();
    const at = '2026-01-09T09:00:00.000Z';
    await send([{ type: 'feed', partnerId, feed: 'restaurant', records: 300, errors: 12, warnings: 0, at }]);
    await settle();
    const [row] = await escalationsOf(partnerId);
    expect(row).toMatchObject({ area: 'feed:restaurant', severity: 'high' });
    expect(row?.rules).toContain('feed_errors');
    expect(row?.evidence.feed_errors?.businessDaysUncleared).toBe(3);
  });

  it('keeps one run of the evaluation queued for each coming minute once the health jobs are scheduled', async () => {
    await scheduleHealthJobs(t.ctx);
    const minute = Math.floor(t.clock.now().getTime() / MINUTE) * MINUTE;
    const recurring = () =>
      t.ctx.db
        .select({ key: jobs.singletonKey, runAt: jobs.runAt })
        .from(jobs)
        .where(
          and(
            eq(jobs.name, 'health.evaluate'),
            eq(jobs.status, 'queued'),
            sql`${jobs.payload}->>'recurring' = 'true'`,
          ),
        );
    expect(await recurring()).toEqual([
      { key: `health.evaluate:${new Date(minute).toISOString()}`, runAt: t.clock.now() },
    ]);
    await t.worker.runDue();
    const next = new Date(minute + MINUTE);
    expect(await recurring()).toEqual([{ key: `health.evaluate:${next.toISOString()}`, runAt: next }]);
    // The chains end here, so no later test runs them on its clock.
    await t.ctx.db
      .delete(jobs)
      .where(
        and(
          eq(jobs.status, 'queued'),
          inArray(jobs.name, ['health.evaluate', 'health.partitions', 'health.rollup']),
        ),
      );
  });
});
