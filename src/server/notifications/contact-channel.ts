import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { contacts } from '../db/schema/index.js';
import { notFound } from '../lib/errors.js';
import { randomSecret } from '../lib/secrets.js';
import { queueEmail } from './service.js';
import type { TemplateName, TemplateParams } from './templates.js';
import { queueWebhook } from './webhooks.js';

type Contact = typeof contacts.$inferSelect;

export interface ContactMessage {
  template: TemplateName;
  params: TemplateParams;
  /** What the webhook body names the event, e.g. `contact.test` or `escalation.opened`. */
  event: string;
  payload: Record<string, unknown>;
}

/**
 * The contact's signing secret, made the first time a webhook goes to them. Two first notices at once (two
 * escalations' timers) end with one secret: the later update waits for the earlier's row lock, then finds its
 * secret and keeps it, so both webhooks are signed with the one stored.
 */
async function webhookSecretOf(q: Queryable, contact: Contact): Promise<string> {
  if (contact.webhookSecret) return contact.webhookSecret;
  const [row] = await q
    .update(contacts)
    .set({ webhookSecret: sql`coalesce(${contacts.webhookSecret}, ${randomSecret()})` })
    .where(eq(contacts.id, contact.id))
    .returning({ webhookSecret: contacts.webhookSecret });
  if (!row?.webhookSecret) throw notFound('contact');
  return row.webhookSecret;
}

/**
 * Reaches a partner contact on every channel they have: email always, and a signed webhook when they gave a URL.
 * Both are queued in the caller's transaction.
 */
export async function notifyContact(
  ctx: AppContext,
  q: Queryable,
  contact: Contact,
  message: ContactMessage,
) {
  const email = await queueEmail(ctx, q, {
    partnerId: contact.partnerId,
    to: contact.email,
    locale: contact.locale,
    template: message.template,
    params: message.params,
  });
  const webhook = contact.webhookUrl
    ? await queueWebhook(ctx, q, {
        partnerId: contact.partnerId,
        url: contact.webhookUrl,
        secret: await webhookSecretOf(q, contact),
        event: message.event,
        payload: message.payload,
      })
    : null;
  return { email, webhook };
}
