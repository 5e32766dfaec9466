import { createHmac } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { notifications } from '../db/schema/index.js';
import { enqueueJob } from '../lib/jobs.js';
import { sendNotificationJob } from './jobs.js';

export interface WebhookRequest {
  partnerId: string | null;
  url: string;
  /** The target's own secret: receivers check `X-Switchboard-Signature` against it. */
  secret: string;
  /** What happened, e.g. `page.triggered`; also the row's template, so the outbox can filter by it. */
  event: string;
  payload: Record<string, unknown>;
  pageId?: string;
  userId?: string;
}

/** `sha256=<hex HMAC-SHA256 of the exact body>`, the GitHub-style header receivers already know how to check. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Queues one JSON POST in the caller's transaction. The body and its signature are fixed here, so every retry
 * sends the same bytes and the outbox shows exactly what was sent.
 */
export async function queueWebhook(ctx: AppContext, q: Queryable, request: WebhookRequest): Promise<number> {
  const now = ctx.clock.now();
  const body = JSON.stringify({ event: request.event, sentAt: now.toISOString(), data: request.payload });
  const [row] = await q
    .insert(notifications)
    .values({
      partnerId: request.partnerId,
      channel: 'webhook',
      recipient: request.url,
      locale: 'en',
      template: request.event,
      subject: request.event,
      body,
      signature: webhookSignature(request.secret, body),
      pageId: request.pageId ?? null,
      userId: request.userId ?? null,
      createdAt: now,
    })
    .returning({ id: notifications.id });
  if (!row) throw new Error('webhook insert returned nothing');
  await enqueueJob(q, sendNotificationJob(ctx), { notificationId: row.id }, { runAt: now });
  return row.id;
}
