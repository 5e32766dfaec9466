import { eq } from 'drizzle-orm';
import type { NotificationChannel } from '../../shared/oncall.js';
import type { AppContext } from '../context.js';
import { appUrl } from '../context.js';
import type { Queryable } from '../db/client.js';
import { notifications, services } from '../db/schema/index.js';
import { MINUTE } from '../lib/clock.js';
import { defineJob, enqueueJob } from '../lib/jobs.js';
import { queueEmail } from '../notifications/service.js';
import { formatMoment } from '../notifications/templates.js';
import { queueWebhook } from '../notifications/webhooks.js';
import { issueActionLinks } from './action-links.js';
import { rulesOf, webhookOf } from './notification-rules.js';
import { appendPageEvent, lockPageIfAny, type PageRow } from './page-row.js';
import { type Responder, responderById } from './targets.js';

async function serviceName(q: Queryable, page: PageRow): Promise<string> {
  if (!page.serviceId) return '—';
  const [row] = await q.select({ name: services.name }).from(services).where(eq(services.id, page.serviceId));
  return row?.name ?? '—';
}

/** What every channel says about a page, in plain data. */
function pageSummary(ctx: AppContext, page: PageRow) {
  return {
    id: page.id,
    number: page.number,
    title: page.title,
    source: page.source,
    severity: page.severity,
    urgency: page.urgency,
    status: page.status,
    level: page.level + 1,
    caseId: page.caseId,
    url: appUrl(ctx, `/pages/${page.id}`),
  };
}

/** Sends one message about the page to one responder on one channel, recorded on the page's timeline. */
async function deliver(
  ctx: AppContext,
  q: Queryable,
  page: PageRow,
  responder: Responder,
  channel: NotificationChannel,
): Promise<void> {
  let notificationId: number | null = null;
  if (channel === 'email') {
    const links = await issueActionLinks(ctx, q, page.id, responder.id);
    notificationId = await queueEmail(ctx, q, {
      partnerId: null,
      to: responder.email,
      locale: responder.locale,
      template: 'page_triggered',
      params: {
        number: String(page.number),
        title: page.title,
        source: page.source,
        severity: page.severity,
        urgency: page.urgency,
        level: String(page.level + 1),
        service: await serviceName(q, page),
        acknowledgeLink: links.acknowledge,
        resolveLink: links.resolve,
        expires: formatMoment(responder.locale, links.expiresAt),
        pageLink: appUrl(ctx, `/pages/${page.id}`),
      },
      pageId: page.id,
      userId: responder.id,
    });
  } else if (channel === 'webhook') {
    const target = await webhookOf(q, responder.id);
    if (!target) {
      await appendPageEvent(q, ctx.clock, {
        pageId: page.id,
        type: 'notify_skipped',
        userId: responder.id,
        detail: { channel, reason: 'no webhook on the profile' },
      });
      return;
    }
    notificationId = await queueWebhook(ctx, q, {
      partnerId: null,
      url: target.url,
      secret: target.secret,
      event: 'page.triggered',
      payload: pageSummary(ctx, page),
      pageId: page.id,
      userId: responder.id,
    });
  } else {
    notificationId = await queueInApp(ctx, q, page, responder);
  }
  await appendPageEvent(q, ctx.clock, {
    pageId: page.id,
    type: 'notified',
    userId: responder.id,
    notificationId,
    detail: { channel, level: page.level + 1 },
  });
}

/** In-app messages are delivered by being stored: the user's live stream reads them from here. */
async function queueInApp(
  ctx: AppContext,
  q: Queryable,
  page: PageRow,
  responder: Responder,
): Promise<number> {
  const now = ctx.clock.now();
  const [row] = await q
    .insert(notifications)
    .values({
      partnerId: null,
      channel: 'in_app',
      recipient: responder.id,
      locale: responder.locale,
      template: 'page.triggered',
      subject: `#${page.number} ${page.title}`,
      body: JSON.stringify(pageSummary(ctx, page)),
      status: 'sent',
      pageId: page.id,
      userId: responder.id,
      createdAt: now,
      sentAt: now,
    })
    .returning({ id: notifications.id });
  if (!row) throw new Error('in-app notification insert returned nothing');
  return row.id;
}

interface DelayedNotice {
  pageId: string;
  runId: string;
  userId: string;
  channel: NotificationChannel;
}

/**
 * A later step of a responder's rules ("webhook after 2 min"): sent only if the page is still waiting in the
 * same escalation run; an acknowledgement, resolve or reassignment in between starts another run and drops it.
 */
export function delayedNoticeJob(ctx: AppContext) {
  return defineJob<DelayedNotice>({
    name: 'pages.delayed-notice',
    async handle(notice) {
      await ctx.db.transaction(async (tx) => {
        const page = await lockPageIfAny(tx, notice.pageId);
        if (page?.status !== 'triggered' || page.runId !== notice.runId) return;
        const responder = await responderById(tx, notice.userId);
        if (responder) await deliver(ctx, tx, page, responder, notice.channel);
      });
    },
  });
}

/**
 * Notifies one responder by their own rules for the page's urgency: what is due at once is sent in the
 * caller's transaction (under the page lock), the rest becomes timers of this escalation run.
 */
export async function notifyResponder(
  ctx: AppContext,
  q: Queryable,
  page: PageRow,
  responder: Responder,
): Promise<void> {
  const rules = (await rulesOf(q, responder.id)).filter((r) => r.urgency === page.urgency);
  const now = ctx.clock.now().getTime();
  for (const rule of rules) {
    if (rule.delayMinutes === 0) await deliver(ctx, q, page, responder, rule.channel);
    else
      await enqueueJob(
        q,
        delayedNoticeJob(ctx),
        { pageId: page.id, runId: page.runId, userId: responder.id, channel: rule.channel },
        {
          runAt: new Date(now + rule.delayMinutes * MINUTE),
          singletonKey: `page:${page.id}:notice:${page.runId}:${responder.id}:${rule.channel}:${rule.delayMinutes}`,
        },
      );
  }
}
