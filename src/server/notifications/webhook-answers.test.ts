import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { startWebhookReceiver } from '../../../tests/support/webhook-receiver.js';
import { jobs, notifications } from '../db/schema/index.js';
import { postJson } from './webhook-post.js';
import { queueWebhook } from './webhooks.js';

const post = { headers: {}, body: '{"a":1}', timeoutMs: 2_000, allowPrivate: true };

describe('postJson', () => {
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());

  it('POSTs the body with its length, and answers the status', async () => {
    expect(await postJson({ ...post, url: receiver.url })).toBe(204);
    expect(receiver.received.at(-1)).toMatchObject({
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-length': '7' },
    });
  });

  it('speaks TLS to an https URL: a plain HTTP server there is not an answer', async () => {
    const url = receiver.url.replace('http:', 'https:');
    const before = receiver.received.length;
    // A TLS handshake met with plain HTTP: the client did speak TLS.
    await expect(postJson({ ...post, url })).rejects.toMatchObject({ code: 'EPROTO' });
    expect(receiver.received).toHaveLength(before);
  });

  it('gives up on a receiver that does not answer in time, naming the wait', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      await expect(postJson({ ...post, url: `http://127.0.0.1:${port}/`, timeoutMs: 150 })).rejects.toThrow(
        'no answer within 150 ms',
      );
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('passes on a name that does not resolve as the lookup error, checking public addresses or not', async () => {
    for (const allowPrivate of [false, true])
      await expect(
        postJson({ ...post, allowPrivate, url: 'http://no-such-host.invalid/hook' }),
      ).rejects.toMatchObject({ code: expect.stringMatching(/^(ENOTFOUND|EAI_AGAIN)$/) });
  });
});

describeEachDatabase('webhook answers', (kind) => {
  const t = useTestApp(kind, { config: { webhookAllowPrivateNetworks: true } });

  /** Delivers one webhook to a receiver answering `status`; the notification and its job afterwards. */
  async function deliverTo(status: number) {
    const receiver = await startWebhookReceiver(() => status);
    try {
      const id = await queueWebhook(t.ctx, t.ctx.db, {
        partnerId: null,
        url: receiver.url,
        secret: 'secret',
        event: 'test',
        payload: { status },
      });
      await t.worker.runDue();
      const [message] = await t.ctx.db.select().from(notifications).where(eq(notifications.id, id));
      const [job] = await t.ctx.db
        .select({ status: jobs.status, attempts: jobs.attempts })
        .from(jobs)
        .where(
          and(eq(jobs.name, 'notifications.send'), sql`${jobs.payload}->>'notificationId' = ${String(id)}`),
        );
      return { message, job, received: receiver.received };
    } finally {
      await receiver.close();
    }
  }

  it('counts any 2xx as delivered, and sends who it is', async () => {
    for (const status of [200, 299]) {
      const { message, received } = await deliverTo(status);
      expect([status, message?.status]).toEqual([status, 'sent']);
      expect(received[0]?.headers['user-agent']).toBe('Switchboard-Webhook/1');
      expect(received[0]?.headers['x-switchboard-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    }
  });

  it('fails a refusal (3xx, 4xx but 429) at once, and the job ends done, not retried', async () => {
    for (const status of [300, 404, 410]) {
      const { message, job } = await deliverTo(status);
      expect([status, message?.status, message?.attempts, message?.lastError]).toEqual([
        status,
        'failed',
        1,
        `HTTP ${status}`,
      ]);
      expect([status, job?.status]).toEqual([status, 'done']);
    }
  });

  it('keeps an overloaded (429) or broken (5xx) receiver queued for a retry', async () => {
    for (const status of [429, 500, 503]) {
      const { message, job } = await deliverTo(status);
      expect([status, message?.status, message?.lastError]).toEqual([status, 'queued', `HTTP ${status}`]);
      expect([status, job?.status]).toEqual([status, 'queued']);
    }
  });

  it('keeps a message queued for a retry when nothing listens at its address (a network error, not a refusal)', async () => {
    const gone = await startWebhookReceiver();
    await gone.close();
    const id = await queueWebhook(t.ctx, t.ctx.db, {
      partnerId: null,
      url: gone.url,
      secret: 'secret',
      event: 'test',
      payload: {},
    });
    await t.worker.runDue();
    const [message] = await t.ctx.db.select().from(notifications).where(eq(notifications.id, id));
    expect([message?.status, message?.lastError]).toEqual(['queued', expect.stringMatching(/ECONNREFUSED/)]);
  });
});
