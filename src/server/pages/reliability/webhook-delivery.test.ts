import { createHmac } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../tests/support/databases.js';
import { type Agent, signedInUser } from '../../../../tests/support/factories.js';
import { createPagedService } from '../../../../tests/support/oncall-service.js';
import { openPageOn, readPage } from '../../../../tests/support/page-api.js';
import { useTestApp } from '../../../../tests/support/test-app.js';
import { startWebhookReceiver } from '../../../../tests/support/webhook-receiver.js';
import { notifications } from '../../db/schema/index.js';
import { MINUTE } from '../../lib/clock.js';

type Receiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/*
 * A responder's webhook as a real HTTP receiver on loopback: retried with the worker's backoff (10 s, 20 s, 40 s,
 * …) on 5xx, sent with the same signed bytes each time, failed for all to see after six tries, and never in
 * the way of the escalation, which moves on at its own time.
 */
describeEachDatabase('page webhooks', (kind) => {
  const t = useTestApp(kind);
  let admin: Agent;
  let ben: Agent;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    t.clock.set('2027-01-10T01:00:00Z');
    admin = await signedInUser(t, { role: 'admin', name: 'Ada Admin' });
    ben = await signedInUser(t, { role: 'oncall_engineer', name: 'Ben Backup' });
  });
  afterEach(async () => {
    for (const receiver of receivers.splice(0)) await receiver.close();
  });

  async function receiver(answer: (request: number) => number) {
    const started = await startWebhookReceiver(answer);
    receivers.push(started);
    return started;
  }

  /** An engineer whose only rule is "webhook at once", to the receiver's URL; with the secret they were given. */
  async function webhookResponder(url: string, name: string) {
    const agent = await signedInUser(t, { role: 'oncall_engineer', name });
    const set = await agent.request({ method: 'PUT', url: '/api/v1/me/webhook', payload: { url } });
    expect(set.statusCode).toBe(200);
    const rules = await agent.request({
      method: 'PUT',
      url: '/api/v1/me/notification-rules',
      payload: { rules: [{ urgency: 'high', channel: 'webhook', delayMinutes: 0 }] },
    });
    expect(rules.statusCode).toBe(200);
    const shown = await agent.request({ method: 'GET', url: '/api/v1/me/webhook' });
    expect(shown.json()).toEqual({ url, secret: expect.stringMatching(/^[\w-]{43}$/) });
    return { agent, secret: shown.json().secret as string };
  }

  /** A page whose level 1 is that engineer alone (then Ben), opened, with its first try made. */
  async function pageTo(target: Receiver, name: string, delayMinutes: number, title: string) {
    const responder = await webhookResponder(target.url, name);
    const { serviceId } = await createPagedService(admin, [responder.agent], { second: [ben], delayMinutes });
    const page = await openPageOn(admin, serviceId, title);
    expect(target.received).toHaveLength(0);
    await t.worker.runDue();
    expect(target.received).toHaveLength(1);
    return { ...responder, page };
  }
  const notifiedOn = async (pageId: string, channel: string) =>
    (await readPage(admin, pageId)).timeline.filter((e) => e.type === 'notified' && e.channel === channel);
  const webhookDelivery = async (pageId: string) => (await notifiedOn(pageId, 'webhook'))[0]?.delivery;
  const unsent = (status: string, attempts: number, lastError: string) => ({
    status,
    attempts,
    lastError,
    sentAt: null,
  });
  const mailsToBen = (pageId: string) =>
    t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.pageId, pageId), eq(notifications.recipient, ben.user.email)));

  /** Runs what is due 1 ms before `ms` from now and then at it, returning the requests each run brought. */
  async function waitOut(target: Receiver, ms: number): Promise<[number, number]> {
    const before = target.received.length;
    t.clock.advance(ms - 1);
    await t.worker.runDue();
    const early = target.received.length - before;
    t.clock.advance(1);
    await t.worker.runDue();
    return [early, target.received.length - before - early];
  }
  /** Each wait brings exactly one more try, at its end and not a millisecond before. */
  async function expectRetriesAfter(target: Receiver, waits: number[]) {
    for (const ms of waits) expect(await waitOut(target, ms)).toEqual([0, 1]);
  }
  const resolve = (pageId: string) =>
    admin.request({ method: 'POST', url: `/api/v1/pages/${pageId}/resolve` });

  it('delivers to a receiver that fails three times with 500 once it answers, the same signed bytes each try', async () => {
    t.clock.set('2027-01-10T02:00:00Z');
    const flaky = await receiver((n) => (n <= 3 ? 500 : 204));
    const { page, ...cem } = await pageTo(flaky, 'Cem Webhook', 30, 'Payments timing out');
    // The worker's backoff: the second try 10 s after the first, then 20 s, then 40 s.
    await expectRetriesAfter(flaky, [10_000, 20_000, 40_000]);
    t.clock.advance(20 * MINUTE);
    await t.worker.runDue();

    expect(flaky.received.map((r) => r.status)).toEqual([500, 500, 500, 204]);
    const [first] = flaky.received;
    const body = first?.body ?? '';
    for (const request of flaky.received) {
      expect(request.body).toBe(body);
      expect(request.headers['x-switchboard-delivery']).toBe(first?.headers['x-switchboard-delivery']);
      expect(request.headers['x-switchboard-signature']).toBe(
        `sha256=${createHmac('sha256', cem.secret).update(body).digest('hex')}`,
      );
    }
    expect(JSON.parse(body)).toEqual({
      event: 'page.triggered',
      sentAt: '2027-01-10T02:00:00.000Z',
      data: {
        id: page.id,
        number: page.number,
        title: 'Payments timing out',
        source: 'switchboard/manual',
        severity: 'critical',
        urgency: 'high',
        status: 'triggered',
        level: 1,
        caseId: null,
        url: `http://localhost:3000/pages/${page.id}`,
      },
    });
    const [notified] = await notifiedOn(page.id, 'webhook');
    expect(notified?.user?.id).toBe(cem.agent.user.id);
    expect(notified?.delivery).toEqual({
      status: 'sent',
      attempts: 4,
      lastError: null,
      sentAt: '2027-01-10T02:01:10.000Z',
    });
    await resolve(page.id);
  });

  it('shows a receiver that always fails as a failed delivery after 6 tries, and escalates on time meanwhile', async () => {
    t.clock.set('2027-01-10T03:00:00Z');
    const broken = await receiver(() => 500);
    const { page } = await pageTo(broken, 'Dan Down', 5, 'Feed importer stuck');
    await expectRetriesAfter(broken, [10_000, 20_000, 40_000, 80_000]);
    expect(broken.received).toHaveLength(5);
    expect(await webhookDelivery(page.id)).toEqual(unsent('queued', 5, 'HTTP 500'));

    // Level 1's five minutes end at 03:05:00, while the webhook still waits for its sixth try at 03:05:10.
    t.clock.set('2027-01-10T03:04:59.999Z');
    await t.worker.runDue();
    expect(await mailsToBen(page.id)).toHaveLength(0);
    t.clock.set('2027-01-10T03:05:00Z');
    await t.worker.runDue();
    expect(await mailsToBen(page.id)).toHaveLength(1);
    expect(broken.received).toHaveLength(5);
    const [toBen] = await notifiedOn(page.id, 'email');
    expect([toBen?.user?.id, toBen?.detail.level, toBen?.at]).toEqual([
      ben.user.id,
      2,
      '2027-01-10T03:05:00.000Z',
    ]);

    await expectRetriesAfter(broken, [10_000]);
    t.clock.advance(60 * MINUTE);
    await t.worker.runDue();
    expect(broken.received.map((r) => r.status)).toEqual([500, 500, 500, 500, 500, 500]);
    expect(await webhookDelivery(page.id)).toEqual(unsent('failed', 6, 'HTTP 500'));
    expect(await readPage(admin, page.id)).toMatchObject({ status: 'triggered', level: 2 });
    await resolve(page.id);
  });

  it('fails a delivery the receiver refuses with a 4xx at once, without trying again', async () => {
    t.clock.set('2027-01-10T04:00:00Z');
    const gone = await receiver(() => 410);
    const { page } = await pageTo(gone, 'Eva Elsewhere', 30, 'Menu sync failing');
    t.clock.advance(10 * MINUTE);
    await t.worker.runDue();
    expect(gone.received.map((r) => r.status)).toEqual([410]);
    expect(await webhookDelivery(page.id)).toEqual(unsent('failed', 1, 'HTTP 410'));
    await resolve(page.id);
  });
});
