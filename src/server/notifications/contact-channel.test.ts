import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { contacts, notifications } from '../db/schema/index.js';
import { notifyContact } from './contact-channel.js';
import { webhookSignature } from './webhooks.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** Partner contacts' webhook URLs as a real channel: signed JSON next to the email, through the same module. */
describeEachDatabase('contact webhooks', (kind) => {
  const t = useTestApp(kind);
  const received: Received[] = [];
  let receiver: Server;
  let url: string;
  let admin: Agent;
  let partnerId: string;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/switchboard`;
    partnerId = (await buildPartner(t, { name: 'Pizza Pilot' })).id;
    admin = await signedInUser(t, { role: 'partner_admin', partnerId });
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  /** A contact with the receiver's webhook URL and no signing secret yet, made straight in the table. */
  async function webhookContact(values: Pick<typeof contacts.$inferInsert, 'role' | 'name' | 'email'>) {
    const [contact] = await t.ctx.db
      .insert(contacts)
      .values({ partnerId, ...values, webhookUrl: url, createdAt: t.clock.now(), updatedAt: t.clock.now() })
      .returning();
    if (!contact) throw new Error('no contact');
    return contact;
  }
  const testMessage = {
    template: 'test_notification',
    params: {},
    event: 'contact.test',
    payload: {},
  } as const;

  it('sends a contact with a webhook URL the test message as signed JSON, verifiable with its secret', async () => {
    const base = `/api/v1/partners/${partnerId}/contacts`;
    const created = await admin.request({
      method: 'POST',
      url: base,
      payload: { role: 'technical_emergency', name: 'Ops Bot', email: 'ops@pizza.test', webhookUrl: url },
    });
    expect(created.json().webhookSecret).toBeNull();
    const sent = await admin.request({ method: 'POST', url: `${base}/${created.json().id}/test` });
    expect(sent.statusCode).toBe(202);
    expect(sent.json().webhookNotificationId).toEqual(expect.any(Number));
    await t.worker.runDue();

    expect(received).toHaveLength(1);
    const [delivery] = received;
    const contact = (await admin.request({ method: 'GET', url: base })).json()[0];
    expect(contact.webhookSecret).toMatch(/^[\w-]{43}$/);
    expect(delivery?.headers['x-switchboard-signature']).toBe(
      webhookSignature(contact.webhookSecret, delivery?.body ?? ''),
    );
    expect(delivery?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({
      event: 'contact.test',
      data: { partner: 'Pizza Pilot', contact: { name: 'Ops Bot', role: 'technical_emergency' } },
    });

    // The secret is made once: the next message is signed with the same one, which stays stored.
    await admin.request({ method: 'POST', url: `${base}/${created.json().id}/test` });
    await t.worker.runDue();
    const second = received[1];
    expect(second?.headers['x-switchboard-signature']).toBe(
      webhookSignature(contact.webhookSecret, second?.body ?? ''),
    );
    expect((await admin.request({ method: 'GET', url: base })).json()[0].webhookSecret).toBe(
      contact.webhookSecret,
    );
  });

  it('sends only the email to a contact without a webhook URL', async () => {
    const base = `/api/v1/partners/${partnerId}/contacts`;
    const created = await admin.request({
      method: 'POST',
      url: base,
      payload: { role: 'alert', name: 'Alerts', email: 'alerts@pizza.test' },
    });
    const before = received.length;
    const sent = await admin.request({ method: 'POST', url: `${base}/${created.json().id}/test` });
    expect(sent.json().webhookNotificationId).toBeNull();
    await t.worker.runDue();
    expect(received).toHaveLength(before);
  });

  it('signs two first webhooks sent at once to a contact with the one secret it keeps', async () => {
    const contact = await webhookContact({
      role: 'technical_emergency',
      name: 'Racing Bot',
      email: 'race@pizza.test',
    });
    const queued = await Promise.all(
      [0, 1].map(() => t.ctx.db.transaction((tx) => notifyContact(t.ctx, tx, contact, testMessage))),
    );
    const ids = queued.map((q) => q.webhook as number);
    const webhooks = await t.ctx.db
      .select({ body: notifications.body, signature: notifications.signature })
      .from(notifications)
      .where(inArray(notifications.id, ids));
    const [stored] = await t.ctx.db.select().from(contacts).where(eq(contacts.id, contact.id));
    const secret = stored?.webhookSecret ?? '';
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(webhooks.map((w) => w.signature)).toEqual(webhooks.map((w) => webhookSignature(secret, w.body)));
    expect(webhooks).toHaveLength(2);
  });

  it('queues nothing for a contact removed before its first webhook: the contact is not found', async () => {
    const contact = await webhookContact({ role: 'alert', name: 'Gone Bot', email: 'gone@pizza.test' });
    await t.ctx.db.delete(contacts).where(eq(contacts.id, contact.id));
    await expect(
      t.ctx.db.transaction((tx) => notifyContact(t.ctx, tx, contact, testMessage)),
    ).rejects.toMatchObject({ code: 'not_found', message: 'contact not found' });
    expect(
      await t.ctx.db.select().from(notifications).where(eq(notifications.recipient, 'gone@pizza.test')),
    ).toEqual([]);
  });
});
