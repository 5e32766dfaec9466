import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { notifications } from '../db/schema/index.js';
import { defineJob } from '../lib/jobs.js';
import { PrivateAddressError, postJson } from './webhook-post.js';

/** With the worker's backoff (10 s, 20 s, 40 s, 80 s, 160 s) a target gets about five minutes to come back. */
const MAX_ATTEMPTS = 6;
const WEBHOOK_TIMEOUT_MS = 10_000;

type Message = typeof notifications.$inferSelect;

/** A receiver's answer worth trying again: it is overloaded (429) or broken for now (5xx). */
class RetryableDelivery extends Error {}
/** A receiver's answer that another try will not change (400, 404, 410 ...): failed at once. */
class RefusedDelivery extends Error {}

async function postWebhook(ctx: AppContext, message: Message): Promise<void> {
  let status: number;
  try {
    status = await postJson({
      url: message.recipient,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Switchboard-Webhook/1',
        'x-switchboard-signature': message.signature ?? '',
        'x-switchboard-delivery': String(message.id),
      },
      body: message.body,
      timeoutMs: WEBHOOK_TIMEOUT_MS,
      allowPrivate: ctx.config.webhookAllowPrivateNetworks,
    });
  } catch (error) {
    // An address inside our own network is refused for good; anything else on the way may pass on a retry.
    if (error instanceof PrivateAddressError) throw new RefusedDelivery(`refused: ${error.message}`);
    throw error;
  }
  if (status >= 200 && status < 300) return;
  const failure = `HTTP ${status}`;
  throw status === 429 || status >= 500 ? new RetryableDelivery(failure) : new RefusedDelivery(failure);
}

/**
 * Delivers one queued notification; a no-op if it already went out, so a repeated run never sends twice.
 * Email goes over SMTP (or stays in the outbox without one); a webhook is a signed JSON POST, retried on
 * network errors, 429 and 5xx, and failed at once on any other refusal.
 */
export function sendNotificationJob(ctx: AppContext) {
  return defineJob<{ notificationId: number }>({
    name: 'notifications.send',
    maxAttempts: MAX_ATTEMPTS,
    async handle({ notificationId }, { attempt, clock }) {
      const [message] = await ctx.db.select().from(notifications).where(eq(notifications.id, notificationId));
      if (message?.status !== 'queued') return;
      const mailer = ctx.mailer;
      if (message.channel === 'email' && !mailer) {
        await ctx.db
          .update(notifications)
          .set({ status: 'kept' })
          .where(eq(notifications.id, notificationId));
        return;
      }
      try {
        if (message.channel === 'webhook') await postWebhook(ctx, message);
        else
          await mailer?.send({
            from: ctx.config.mailFrom,
            to: message.recipient,
            subject: message.subject,
            text: message.body,
          });
      } catch (error) {
        const lastError = error instanceof Error ? error.message : String(error);
        const final = attempt >= MAX_ATTEMPTS || error instanceof RefusedDelivery;
        await ctx.db
          .update(notifications)
          .set({ status: final ? 'failed' : 'queued', attempts: attempt, lastError })
          .where(eq(notifications.id, notificationId));
        // A refusal is an answer, not a fault of the job: nothing to retry.
        if (error instanceof RefusedDelivery) return;
        throw error;
      }
      await ctx.db
        .update(notifications)
        .set({ status: 'sent', attempts: attempt, sentAt: clock.now(), lastError: null })
        .where(eq(notifications.id, notificationId));
    },
  });
}
