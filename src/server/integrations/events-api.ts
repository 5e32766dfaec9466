import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { serviceForKey } from '../escalation/services.js';
import { MINUTE } from '../lib/clock.js';
import { sha256 } from '../lib/secrets.js';
import { requireSlot } from '../lib/throttle.js';
import { triggerPage } from '../pages/open-page.js';
import { lockPage } from '../pages/page-row.js';
import { acknowledgePage, type PageActor, resolvePage } from '../pages/transitions.js';
import { type EnqueueEvent, readEnqueueEvent } from './events-check.js';
import { openPageWithDedupKey } from './queries.js';

export type EnqueueOutcome = { accepted: true; dedupKey: string } | { accepted: false; errors: string[] };

const ACTOR: PageActor = { userId: null, via: 'events_v2' };

/**
 * PagerDuty's Events API v2 (`POST /v2/enqueue`): a trigger opens a page on the routing key's service, or joins
 * the open one with its dedup key; acknowledge and resolve act on that open page, and do nothing (but are still
 * accepted) when there is none, as PagerDuty drops them. An unknown key is refused like a malformed event.
 */
export async function enqueueEvent(ctx: AppContext, body: unknown): Promise<EnqueueOutcome> {
  const { event, errors } = readEnqueueEvent(body);
  if (!event) return { accepted: false, errors };
  const dedupKey = await ctx.db.transaction(async (tx) => {
    const serviceId = await serviceForKey(tx, event.routingKey, 'events_v2');
    if (!serviceId) return null;
    // Per key, like PagerDuty's limit; the key itself stays out of the throttle table.
    await requireSlot(
      tx,
      ctx.clock,
      {
        key: `events_v2:${sha256(event.routingKey).slice(0, 32)}`,
        limit: ctx.config.eventsApiPerMinute,
        windowMs: MINUTE,
      },
      'Requests for this service are arriving too quickly. Please retry later.',
    );
    return applyEvent(ctx, tx, serviceId, event);
  });
  return dedupKey === null
    ? { accepted: false, errors: ['Invalid routing key'] }
    : { accepted: true, dedupKey };
}

async function applyEvent(ctx: AppContext, tx: Queryable, serviceId: string, event: EnqueueEvent) {
  if (event.action === 'trigger') {
    // PagerDuty's generated keys are UUIDs: a trigger without a key always opens a new alert.
    const dedupKey = event.dedupKey ?? randomUUID().replaceAll('-', '');
    await triggerPage(ctx, tx, {
      serviceId,
      title: event.trigger.summary,
      source: event.trigger.source,
      severity: event.trigger.severity,
      details: event.trigger.details,
      dedupKey,
      via: 'events_v2',
    });
    return dedupKey;
  }
  const { dedupKey } = event;
  const pageId = await openPageWithDedupKey(tx, serviceId, dedupKey);
  // Under the page lock: a page someone resolved meanwhile is left alone, not answered with a conflict.
  if (pageId && (await lockPage(tx, pageId)).status !== 'resolved') {
    if (event.action === 'acknowledge') await acknowledgePage(ctx, tx, pageId, ACTOR);
    else await resolvePage(ctx, tx, pageId, ACTOR);
  }
  return dedupKey;
}
