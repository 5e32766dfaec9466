import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, signedInUser } from '../../../tests/support/factories.js';
import { createPagedService, type PagedService } from '../../../tests/support/oncall-service.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { loadConfig } from '../config.js';
import { notifications, pages, throttleSlots } from '../db/schema/index.js';

/** PagerDuty's Events API v2 on POST /v2/enqueue: its answers, de-duplication and rate limit. */
describeEachDatabase('Events API v2', (kind) => {
  const t = useTestApp(kind, { config: { eventsApiPerMinute: 5 } });
  let admin: Agent;
  let ana: Agent;
  let service: PagedService;

  beforeAll(async () => {
    t.clock.set('2027-03-01T09:00:00Z');
    admin = await signedInUser(t, { role: 'admin' });
    ana = await signedInUser(t, { role: 'oncall_engineer', name: 'Ana Engineer' });
    service = await createPagedService(admin, [ana]);
  });

  // Each test gets a fresh rate-limit window, so only the rate-limit test meets the limit of 5.
  const send = (payload: unknown) => {
    t.clock.advance(61_000);
    return t.app.inject({ method: 'POST', url: '/v2/enqueue', payload: payload as object });
  };
  const trigger = (extra: object = {}, payload: object = {}) =>
    send({
      routing_key: service.eventsKey,
      event_action: 'trigger',
      payload: { summary: 'Checkout 5xx above 2 %', source: 'api-7.prod', severity: 'error', ...payload },
      ...extra,
    });
  const act = (event_action: string, dedup_key: string) =>
    send({ routing_key: service.eventsKey, event_action, dedup_key });
  const pagesWithKey = (dedupKey: string) =>
    t.ctx.db
      .select()
      .from(pages)
      .where(and(eq(pages.serviceId, service.serviceId), eq(pages.dedupKey, dedupKey)));
  const mailsFor = async (pageId: string) =>
    t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.pageId, pageId), eq(notifications.recipient, ana.user.email)));
  const timeline = async (pageId: string) =>
    (await admin.request({ method: 'GET', url: `/api/v1/pages/${pageId}` }))
      .json()
      .timeline.map((event: { type: string; detail: { via?: string } }) => [event.type, event.detail.via]);

  it('opens a page for a trigger without a dedup key and answers with the key it made', async () => {
    const response = await trigger(
      {
        client: 'Grafana',
        client_url: 'https://grafana.example.test/d/1',
        links: [
          { href: 'https://runbooks.example.test/checkout', text: 'Runbook' },
          { href: 'javascript:x' },
        ],
        images: [{ src: 'https://grafana.example.test/render/1.png', alt: 'graph' }],
        unknown_top_level_field: true,
      },
      { component: 'checkout', group: 'api', class: 'http', custom_details: { rate: 0.031 } },
    );
    expect(response.statusCode).toBe(202);
    const body = response.json();
    expect(body).toEqual({ status: 'success', message: 'Event processed', dedup_key: body.dedup_key });
    expect(body.dedup_key).toMatch(/^[0-9a-f]{32}$/);
    const [page] = await pagesWithKey(body.dedup_key);
    expect(page).toMatchObject({
      title: 'Checkout 5xx above 2 %',
      source: 'api-7.prod',
      severity: 'error',
      urgency: 'high',
      status: 'triggered',
      details: {
        component: 'checkout',
        group: 'api',
        class: 'http',
        custom_details: { rate: 0.031 },
        client: 'Grafana',
        client_url: 'https://grafana.example.test/d/1',
        links: [{ href: 'https://runbooks.example.test/checkout', text: 'Runbook' }],
        images: [{ src: 'https://grafana.example.test/render/1.png', alt: 'graph' }],
      },
    });
    expect(await mailsFor(page?.id as string)).toHaveLength(1);
    expect(await timeline(page?.id as string)).toContainEqual(['triggered', 'events_v2']);

    const another = await trigger();
    expect(another.json().dedup_key).not.toBe(body.dedup_key);
  });

  it('joins the open page for a repeated dedup key: no second page, no second notification', async () => {
    const first = await trigger({ dedup_key: 'srv01/checkout' });
    const again = await trigger({ dedup_key: 'srv01/checkout' }, { summary: 'Checkout 5xx above 5 %' });
    expect([first.statusCode, again.statusCode]).toEqual([202, 202]);
    expect(again.json().dedup_key).toBe('srv01/checkout');
    const open = await pagesWithKey('srv01/checkout');
    expect(open).toHaveLength(1);
    expect(open[0]?.title).toBe('Checkout 5xx above 5 %');
    expect(await mailsFor(open[0]?.id as string)).toHaveLength(1);
    expect(await timeline(open[0]?.id as string)).toContainEqual(['trigger_joined', 'events_v2']);
  });

  it('takes the urgency of a repeated trigger along with its severity', async () => {
    await trigger({ dedup_key: 'srv02/latency' }, { severity: 'warning' });
    expect((await pagesWithKey('srv02/latency'))[0]).toMatchObject({ severity: 'warning', urgency: 'low' });
    await trigger({ dedup_key: 'srv02/latency' }, { severity: 'critical' });
    expect((await pagesWithKey('srv02/latency'))[0]).toMatchObject({ severity: 'critical', urgency: 'high' });
  });

  it('acknowledges and resolves by dedup key; after the resolve the same key opens a new page', async () => {
    await trigger({ dedup_key: 'disk/db-1' });
    const acked = await act('acknowledge', 'disk/db-1');
    expect(acked.statusCode).toBe(202);
    expect(acked.json()).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'disk/db-1' });
    const [page] = await pagesWithKey('disk/db-1');
    expect(page).toMatchObject({ status: 'acknowledged', acknowledgedBy: null });

    // An acknowledged page stays quiet when the monitor triggers again.
    await trigger({ dedup_key: 'disk/db-1' });
    expect((await pagesWithKey('disk/db-1'))[0]?.status).toBe('acknowledged');
    expect(await mailsFor(page?.id as string)).toHaveLength(1);

    expect((await act('resolve', 'disk/db-1')).statusCode).toBe(202);
    expect((await pagesWithKey('disk/db-1'))[0]).toMatchObject({ status: 'resolved', resolvedBy: null });
    expect(await timeline(page?.id as string)).toEqual(
      expect.arrayContaining([
        ['acknowledged', 'events_v2'],
        ['resolved', 'events_v2'],
      ]),
    );

    await trigger({ dedup_key: 'disk/db-1' });
    const both = await pagesWithKey('disk/db-1');
    expect(both.map((p) => p.status).sort()).toEqual(['resolved', 'triggered']);
  });

  it('accepts acknowledge and resolve for a key with no open page, and changes nothing', async () => {
    for (const action of ['acknowledge', 'resolve']) {
      const response = await act(action, 'never-triggered');
      expect(response.statusCode).toBe(202);
      expect(response.json().dedup_key).toBe('never-triggered');
    }
    expect(await pagesWithKey('never-triggered')).toEqual([]);
    await trigger({ dedup_key: 'resolved-twice' });
    await act('resolve', 'resolved-twice');
    expect((await act('resolve', 'resolved-twice')).statusCode).toBe(202);
    expect((await act('acknowledge', 'resolved-twice')).statusCode).toBe(202);
    expect((await pagesWithKey('resolved-twice'))[0]?.status).toBe('resolved');
  });

  it("refuses a key of another integration type or an unknown one in PagerDuty's words", async () => {
    for (const routing_key of [service.alertmanagerKey, 'x'.repeat(32)]) {
      const response = await trigger({ routing_key });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ['Invalid routing key'],
      });
    }
  });

  const valid = () => ({
    routing_key: service.eventsKey,
    event_action: 'trigger',
    payload: { summary: 's', source: 'h', severity: 'info' },
  });
  const refusals: [string, (body: ReturnType<typeof valid>) => unknown, string[]][] = [
    [
      'an empty object',
      () => ({}),
      ["'routing_key' is missing or blank", "'event_action' is missing or blank"],
    ],
    ['an array', () => [], ['Event object must be a JSON object']],
    [
      'a short routing key',
      (b) => ({ ...b, routing_key: 'abc' }),
      ["Length of 'routing_key' is incorrect (should be 32 characters)"],
    ],
    ['a numeric routing key', (b) => ({ ...b, routing_key: 12 }), ["'routing_key' must be a string"]],
    [
      'an unknown action',
      (b) => ({ ...b, event_action: 'page' }),
      ["'event_action' is invalid (must be one of the following: trigger, acknowledge, resolve)"],
    ],
    ['a trigger without payload', (b) => ({ ...b, payload: undefined }), ["'payload' is missing"]],
    ['a payload that is a string', (b) => ({ ...b, payload: 'down' }), ["'payload' must be an object"]],
    [
      'a payload without its required fields',
      (b) => ({ ...b, payload: { summary: '  ' } }),
      [
        "'payload.summary' is missing or blank",
        "'payload.source' is missing or blank",
        "'payload.severity' is missing or blank",
      ],
    ],
    [
      'an unknown severity',
      (b) => ({ ...b, payload: { ...b.payload, severity: 'high' } }),
      ["'payload.severity' is invalid (must be one of the following: critical, error, warning, info)"],
    ],
    [
      'a summary of 1025 characters',
      (b) => ({ ...b, payload: { ...b.payload, summary: 's'.repeat(1025) } }),
      ["Length of 'payload.summary' is too long (should be at most 1024 characters)"],
    ],
    [
      'a dedup key of 256 characters',
      (b) => ({ ...b, dedup_key: 'k'.repeat(256) }),
      ["Length of 'dedup_key' is too long (should be at most 255 characters)"],
    ],
    [
      'an acknowledge without dedup key',
      (b) => ({ ...b, event_action: 'acknowledge', payload: undefined }),
      ["'dedup_key' is missing or blank"],
    ],
    [
      'a resolve with a blank dedup key',
      (b) => ({ ...b, event_action: 'resolve', dedup_key: '' }),
      ["'dedup_key' is missing or blank"],
    ],
    [
      'custom details that are not an object',
      (b) => ({ ...b, payload: { ...b.payload, custom_details: 'x', component: 3 } }),
      ["'payload.component' must be a string", "'payload.custom_details' must be an object"],
    ],
    [
      'links and images in the wrong shape',
      (b) => ({ ...b, links: [{ text: 'no href' }, 'x'], images: {} }),
      ["'links.0.href' is missing or blank", "'links.1' must be an object", "'images' must be an array"],
    ],
    [
      'a NUL character',
      (b) => ({ ...b, payload: { ...b.payload, summary: 'a\u0000b' } }),
      ["'payload.summary' must not contain NUL characters or unpaired surrogates"],
    ],
  ];
  it.each(refusals)('answers 400 with the list of problems for %s', async (_what, build, errors) => {
    const response = await send(build(valid()));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ status: 'invalid event', message: 'Event object is invalid', errors });
  });

  it("answers a body that is not JSON, or not sent as JSON, in PagerDuty's shape", async () => {
    const cases: [string, string, string][] = [
      ['application/json', '{"routing_key":', 'JSON parse error'],
      ['application/json', '', 'JSON parse error'],
      ['application/x-www-form-urlencoded', 'routing_key=x', 'Content-Type must be application/json'],
      ['text/plain', '{"routing_key":"x"}', 'Event object must be a JSON object'],
    ];
    for (const [contentType, payload, error] of cases) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v2/enqueue',
        headers: { 'content-type': contentType },
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: [error],
      });
    }
    const huge = await t.app.inject({
      method: 'POST',
      url: '/v2/enqueue',
      payload: { ...valid(), payload: { ...valid().payload, custom_details: { blob: 'x'.repeat(530_000) } } },
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().errors).toEqual(['Event object is larger than 512 KB']);
  });

  it('answers 429 with Retry-After past the per-key limit, counting concurrent requests exactly', async () => {
    const other = await createPagedService(admin, [ana], { name: 'Feeds' });
    t.clock.advance(61_000);
    const event = (routing_key: string, i: number) => ({
      routing_key,
      event_action: 'trigger',
      dedup_key: `burst-${i}`,
      payload: { summary: `Burst ${i}`, source: 'load', severity: 'warning' },
    });
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.app.inject({ method: 'POST', url: '/v2/enqueue', payload: event(service.eventsKey, i) }),
      ),
    );
    const statuses = burst.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 202)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    const refused = burst.find((r) => r.statusCode === 429);
    expect(refused?.json()).toEqual({
      status: 'throttle event',
      message: 'Requests for this service are arriving too quickly. Please retry later.',
    });
    // The limit counts by a digest of the routing key: the key itself, a credential, is not stored with it.
    const slots = (await t.ctx.db.select().from(throttleSlots)).filter((s) => s.key.startsWith('events_v2:'));
    expect(new Set(slots.map((s) => s.key)).size).toBe(1);
    expect(slots[0]?.key).toMatch(/^events_v2:[0-9a-f]{32}$/);
    expect(slots.filter((s) => s.key.includes(service.eventsKey))).toEqual([]);
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused?.headers['retry-after'])).toBeLessThanOrEqual(60);
    const opened = await t.ctx.db.select().from(pages).where(eq(pages.serviceId, service.serviceId));
    expect(opened.filter((p) => p.dedupKey?.startsWith('burst-'))).toHaveLength(5);

    // Another key has its own budget; this one's comes back when the window has passed.
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/v2/enqueue',
      payload: event(other.eventsKey, 0),
    });
    expect(elsewhere.statusCode).toBe(202);
    t.clock.advance(60_000);
    const later = await t.app.inject({
      method: 'POST',
      url: '/v2/enqueue',
      payload: event(service.eventsKey, 99),
    });
    expect(later.statusCode).toBe(202);
  });
});

describe('Events API v2 limit', () => {
  it('defaults to 600 events a minute per routing key', () => {
    expect(loadConfig({}).eventsApiPerMinute).toBe(600);
    expect(loadConfig({ EVENTS_API_PER_MINUTE: '100000' }).eventsApiPerMinute).toBe(100_000);
    expect(() => loadConfig({ EVENTS_API_PER_MINUTE: '0' })).toThrow(/EVENTS_API_PER_MINUTE/);
  });
});
