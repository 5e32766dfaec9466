import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { startWebhookReceiver } from '../../../tests/support/webhook-receiver.js';
import { notifications } from '../db/schema/index.js';
import { isPublicAddress, postJson, publicOnlyLookup } from './webhook-post.js';
import { queueWebhook } from './webhooks.js';

describe('which webhook targets are public', () => {
  it('refuses loopback, private, link-local (cloud metadata), carrier NAT, unique-local and mapped addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.9',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fc00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not an address',
    ])
      expect([address, isPublicAddress(address)]).toEqual([address, false]);
    for (const address of ['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect([address, isPublicAddress(address)]).toEqual([address, true]);
  });

  it('refuses a name that resolves to a private address before connecting', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const post = { headers: {}, body: '{}', timeoutMs: 2_000 };
      const port = new URL(receiver.url).port;
      await expect(
        postJson({ ...post, url: `http://localhost:${port}/hook`, allowPrivate: false }),
      ).rejects.toThrow(/localhost resolves to (127\.0\.0\.1|::1), not a public address/);
      await expect(
        postJson({ ...post, url: `http://127.0.0.1:${port}/hook`, allowPrivate: false }),
      ).rejects.toThrow(/not a public address/);
      await expect(
        postJson({ ...post, url: `http://[::1]:${port}/hook`, allowPrivate: false }),
      ).rejects.toThrow(/not a public address/);
      expect(receiver.received).toHaveLength(0);
      // A public IPv6 literal, brackets and all, is tried: whatever the network answers, it is not refused here.
      const tried = await postJson({
        ...post,
        url: 'http://[2606:4700:4700::1111]:9/hook',
        timeoutMs: 300,
        allowPrivate: false,
      }).then(
        (status) => `HTTP ${status}`,
        (error: Error) => error.message,
      );
      expect(tried).not.toMatch(/not a public address/);
      expect(await postJson({ ...post, url: `http://localhost:${port}/hook`, allowPrivate: true })).toBe(204);
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });
});

describe("the connection's own lookup", () => {
  // Resolvers standing in for DNS: this machine has no name that resolves to a public address.
  const answering =
    (addresses: { address: string; family: number }[]): Parameters<typeof publicOnlyLookup>[0] =>
    (_hostname, _options, callback) =>
      callback(null, addresses);
  const look = (lookup: ReturnType<typeof publicOnlyLookup>, all: boolean) =>
    new Promise<unknown>((resolve) =>
      lookup('hooks.example.com', { all }, (error, address, family) =>
        resolve(error ? `refused: ${error.message}` : { address, family }),
      ),
    );
  const publicV4 = { address: '93.184.216.34', family: 4 };
  const publicV6 = { address: '2606:4700:4700::1111', family: 6 };

  it('connects to the first address of a name whose addresses are all public, or hands over all of them', async () => {
    const lookup = publicOnlyLookup(answering([publicV4, publicV6]));
    expect(await look(lookup, false)).toEqual({ address: '93.184.216.34', family: 4 });
    expect(await look(lookup, true)).toEqual({ address: [publicV4, publicV6], family: undefined });
  });

  it('refuses a name with one private address among public ones, or with none at all', async () => {
    expect(
      await look(publicOnlyLookup(answering([publicV4, { address: '10.0.0.5', family: 4 }])), false),
    ).toBe('refused: hooks.example.com resolves to 10.0.0.5, not a public address');
    expect(await look(publicOnlyLookup(answering([])), true)).toBe(
      'refused: hooks.example.com resolves to nothing, not a public address',
    );
    const failing = publicOnlyLookup((_hostname, _options, callback) =>
      callback(
        Object.assign(new Error('getaddrinfo ENOTFOUND hooks.example.com'), { code: 'ENOTFOUND' }),
        [],
      ),
    );
    expect(await look(failing, false)).toBe('refused: getaddrinfo ENOTFOUND hooks.example.com');
  });
});

describeEachDatabase('webhook delivery to an internal address', (kind) => {
  const t = useTestApp(kind, { config: { webhookAllowPrivateNetworks: false } });

  it('fails at once with the reason, and nothing reaches the target', async () => {
    const receiver = await startWebhookReceiver();
    try {
      await queueWebhook(t.ctx, t.ctx.db, {
        partnerId: null,
        url: receiver.url,
        secret: 'secret',
        event: 'test',
        payload: {},
      });
      await t.worker.runDue();
      const [row] = await t.ctx.db.select().from(notifications).where(eq(notifications.channel, 'webhook'));
      // JSON, not a mail: no language of its own, and the event names it in the outbox.
      expect(row).toMatchObject({
        status: 'failed',
        attempts: 1,
        locale: 'en',
        template: 'test',
        subject: 'test',
        recipient: receiver.url,
      });
      expect(row?.lastError).toMatch(/^refused: .* not a public address/);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });
});
