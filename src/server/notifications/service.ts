import { desc, eq } from 'drizzle-orm';
import type { Locale } from '../../shared/locales.js';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { notifications } from '../db/schema/index.js';
import { enqueueJob } from '../lib/jobs.js';
import { sendNotificationJob } from './jobs.js';
import { renderTemplate, type TemplateName, type TemplateParams } from './templates.js';

export interface EmailRequest {
  partnerId: string | null;
  to: string;
  locale: Locale;
  template: TemplateName;
  params: TemplateParams;
  /** Set for a page's notifications, so its timeline can show each delivery. */
  pageId?: string;
  userId?: string;
}

/** Where mail queued now ends up: sent over SMTP_URL, or kept in the outbox for platform admins to read. */
export const mailDelivery = (ctx: AppContext): 'email' | 'outbox' => (ctx.mailer ? 'email' : 'outbox');

/**
 * Renders the message in the recipient's language and queues its delivery, both in the caller's
 * transaction: the mail exists exactly when the change that caused it is committed.
 */
export async function queueEmail(ctx: AppContext, q: Queryable, request: EmailRequest): Promise<number> {
  const { subject, body } = renderTemplate(request.template, request.locale, request.params);
  const now = ctx.clock.now();
  const [row] = await q
    .insert(notifications)
    .values({
      partnerId: request.partnerId,
      channel: 'email',
      recipient: request.to,
      locale: request.locale,
      template: request.template,
      subject,
      body,
      params: request.params,
      pageId: request.pageId ?? null,
      userId: request.userId ?? null,
      createdAt: now,
    })
    .returning({ id: notifications.id });
  if (!row) throw new Error('notification insert returned nothing');
  await enqueueJob(q, sendNotificationJob(ctx), { notificationId: row.id }, { runAt: now });
  return row.id;
}

export function listOutbox(ctx: AppContext, filter: { partnerId?: string; limit?: number } = {}) {
  const query = ctx.db.select().from(notifications);
  return (filter.partnerId ? query.where(eq(notifications.partnerId, filter.partnerId)) : query)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(filter.limit ?? 200);
}
