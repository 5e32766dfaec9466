import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../../tests/support/databases.js';
import { openEventStream, type ServerSentEvent } from '../../../tests/support/event-stream.js';
import { type Agent, signedInUser } from '../../../tests/support/factories.js';
import { createPagedService } from '../../../tests/support/oncall-service.js';
import { openPageOn, readPage } from '../../../tests/support/page-api.js';
import { createTestApp, type TestApp } from '../../../tests/support/test-app.js';
import { startWebhookReceiver } from '../../../tests/support/webhook-receiver.js';
import { notifications } from '../db/schema/index.js';
import { MINUTE } from '../lib/clock.js';

/*
 * A responder's own rules decide how and when a page reaches them: channels at their minute, none once the page is
 * acknowledged. In-app messages are rows: the feed counts the unread ones, and the live stream (server-sent
 * events over a real socket) sends each new one.
 */
describe.each(DATABASE_KINDS)('notification rules and in-app messages [%s]', (kind) => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let baseUrl: string;
  let admin: Agent;
  let ana: Agent;
  let ben: Agent;
  let serviceId: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    t = await createTestApp(kind);
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    t.clock.set('2027-04-05T08:00:00Z');
    admin = await signedInUser(t, { role: 'admin', name: 'Ada Admin' });
    ana = await signedInUser(t, { role: 'oncall_engineer', name: 'Ana Engineer' });
    ben = await signedInUser(t, { role: 'oncall_engineer', name: 'Ben Backup' });
    ({ serviceId } = await createPagedService(admin, [ana], { second: [ben], delayMinutes: 10 }));
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const putRules = (who: Agent, rules: object[]) =>
    who.request({ method: 'PUT', url: '/api/v1/me/notification-rules', payload: { rules } });
  const rule = (channel: string, delayMinutes: number, urgency = 'high') => ({
    urgency,
    channel,
    delayMinutes,
  });
  /** Ana's notifications for a page in the order they were made: [channel, minutes after `from`]. */
  const deliveredTo = async (pageId: string, from: Date) =>
    (
      await t.ctx.db
        .select({
          channel: notifications.channel,
          createdAt: notifications.createdAt,
          userId: notifications.userId,
        })
        .from(notifications)
        .where(eq(notifications.pageId, pageId))
        .orderBy(asc(notifications.id))
    ).map((n) => [
      n.userId === ana.user.id ? 'ana' : 'other',
      n.channel,
      (n.createdAt.getTime() - from.getTime()) / MINUTE,
    ]);
  const feed = async (who: Agent) =>
    (await who.request({ method: 'GET', url: '/api/v1/me/notifications' })).json();

  it('starts with email at once and refuses rules that reach no one or need a webhook, naming the field', async () => {
    const shown = await ana.request({ method: 'GET', url: '/api/v1/me/notification-rules' });
    const defaults = { rules: [rule('email', 0), rule('email', 0, 'low')] };
    expect(shown.json()).toEqual(defaults);

    const refusals = [
      [
        [rule('webhook', 2), rule('email', 0)],
        'rules.0.channel',
        'invalid',
        'needs a webhook URL on your profile first',
      ],
      [
        [rule('email', 0), rule('webhook', 5)],
        'rules.1.channel',
        'invalid',
        'needs a webhook URL on your profile first',
      ],
      [[rule('email', 0, 'low')], 'rules', 'too_few', 'must notify you at least once for high urgency'],
      [[], 'rules', 'too_few', 'must notify you at least once for high urgency'],
      [[rule('email', 0), rule('email', 0)], 'rules.1', 'duplicate_items', 'repeats an earlier rule'],
      [[rule('pager', 0)], 'rules.0.channel', 'not_allowed', undefined],
      [[rule('email', -1)], 'rules.0.delayMinutes', 'too_small', undefined],
    ] as const;
    for (const [rules, field, reason, message] of refusals) {
      const refused = await putRules(ana, [...rules]);
      expect([refused.statusCode, refused.json().error.field, refused.json().error.reason]).toEqual([
        400,
        field,
        reason,
      ]);
      if (message) expect(refused.json().error.message).toBe(`${field}: ${message}`);
      if (reason === 'too_few') expect(refused.json().error.params).toEqual({ limit: 1 });
    }
    // The same channel at another minute is another rule, and without a webhook rule no webhook is needed.
    const emailTwice = [rule('email', 0), rule('email', 5), rule('in_app', 0, 'low')];
    expect((await putRules(ana, emailTwice)).statusCode).toBe(200);
    expect((await ana.request({ method: 'GET', url: '/api/v1/me/notification-rules' })).json()).toEqual({
      rules: emailTwice,
    });
    expect((await putRules(ana, defaults.rules)).statusCode).toBe(200);
    expect((await ana.request({ method: 'GET', url: '/api/v1/me/notification-rules' })).json()).toEqual(
      defaults,
    );
  });

  it('sends email and in-app at once and the webhook 2 minutes later, and nothing once acknowledged', async () => {
    const hook = await ana.request({
      method: 'PUT',
      url: '/api/v1/me/webhook',
      payload: { url: receiver.url },
    });
    expect(hook.statusCode).toBe(200);
    const saved = await putRules(ana, [rule('webhook', 2), rule('email', 0), rule('in_app', 0)]);
    expect(saved.json()).toEqual({ rules: [rule('email', 0), rule('in_app', 0), rule('webhook', 2)] });

    const openedAt = t.clock.now();
    const page = await openPageOn(admin, serviceId, 'Checkout failing');
    await t.worker.runDue();
    expect(await deliveredTo(page.id, openedAt)).toEqual([
      ['ana', 'email', 0],
      ['ana', 'in_app', 0],
    ]);
    t.clock.advance(2 * MINUTE - 1);
    await t.worker.runDue();
    expect(receiver.received).toHaveLength(0);
    t.clock.advance(1);
    await t.worker.runDue();
    expect(await deliveredTo(page.id, openedAt)).toEqual([
      ['ana', 'email', 0],
      ['ana', 'in_app', 0],
      ['ana', 'webhook', 2],
    ]);
    expect(receiver.received.map((r) => JSON.parse(r.body).data.id)).toEqual([page.id]);

    // Acknowledged after a minute: the webhook's minute and level 2's passes with nothing sent.
    const quiet = await openPageOn(admin, serviceId, 'Feed importer stuck');
    const quietAt = t.clock.now();
    t.clock.advance(MINUTE);
    const acked = await ana.request({ method: 'POST', url: `/api/v1/pages/${quiet.id}/acknowledge` });
    expect(acked.statusCode).toBe(200);
    for (const minutes of [1, 8, 10]) {
      t.clock.advance(minutes * MINUTE);
      await t.worker.runDue();
    }
    expect(await deliveredTo(quiet.id, quietAt)).toEqual([
      ['ana', 'email', 0],
      ['ana', 'in_app', 0],
    ]);
    expect(receiver.received).toHaveLength(1);
    const types = (await readPage(admin, quiet.id)).timeline.map((e) => e.type);
    expect(types).toEqual(['triggered', 'escalated', 'notified', 'notified', 'acknowledged']);
    for (const id of [page.id, quiet.id])
      await admin.request({ method: 'POST', url: `/api/v1/pages/${id}/resolve` });
  });

  it('streams a new in-app message live, resumes after Last-Event-ID, and counts and clears the unread', async () => {
    const cookie = { cookie: `sb_session=${ana.cookie}` };
    const live = await openEventStream(`${baseUrl}/api/v1/me/notifications/stream`, cookie);
    // Closed whatever happens: a stream left open keeps the app from closing after a failed assertion.
    let event: ServerSentEvent | undefined;
    let page: Awaited<ReturnType<typeof openPageOn>>;
    try {
      expect([live.response.status, live.response.headers.get('content-type')]).toEqual([
        200,
        'text/event-stream; charset=utf-8',
      ]);
      page = await openPageOn(admin, serviceId, 'Payments timing out');
      [event] = await live.events(1);
    } finally {
      live.close();
    }
    const before = await feed(ana);
    expect(before.unread).toBe(3);
    const [newest, middle, oldest] = before.items;
    expect(event).toEqual({ id: String(newest.id), event: 'notification', data: JSON.stringify(newest) });
    expect(newest).toMatchObject({
      kind: 'page.triggered',
      title: `#${page.number} Payments timing out`,
      pageId: page.id,
      readAt: null,
      data: { id: page.id, number: page.number, status: 'triggered', level: 1, urgency: 'high' },
    });
    expect([middle.title, oldest.title]).toEqual([
      expect.stringMatching(/ Feed importer stuck$/),
      expect.stringMatching(/ Checkout failing$/),
    ]);

    // Another instance, or a reconnect: the stream picks up after the last message the client had.
    const resumed = await openEventStream(`${baseUrl}/api/v1/me/notifications/stream`, {
      ...cookie,
      'last-event-id': String(oldest.id),
    });
    const missed = await resumed.events(2).finally(resumed.close);
    expect(missed.map((e) => e.id)).toEqual([String(middle.id), String(newest.id)]);

    const some = await ana.request({
      method: 'POST',
      url: '/api/v1/me/notifications/read',
      payload: { upToId: middle.id },
    });
    expect(some.json().unread).toBe(1);
    expect(some.json().items.map((i: { readAt: string | null }) => i.readAt)).toEqual([
      null,
      t.clock.now().toISOString(),
      t.clock.now().toISOString(),
    ]);
    const all = await ana.request({
      method: 'POST',
      url: '/api/v1/me/notifications/read',
      payload: { upToId: newest.id },
    });
    expect(all.json().unread).toBe(0);
    expect(await feed(ben)).toEqual({ unread: 0, items: [] });
    await admin.request({ method: 'POST', url: `/api/v1/pages/${page.id}/resolve` });
  });
});
