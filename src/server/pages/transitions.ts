import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { pages } from '../db/schema/index.js';
import { snapshotPolicy } from '../escalation/policies.js';
import { readOncallSettings } from '../escalation/settings.js';
import { MINUTE } from '../lib/clock.js';
import { conflict, invalid } from '../lib/errors.js';
import { cancelJobsUnder, enqueueJob } from '../lib/jobs.js';
import {
  ackTimeoutJob,
  ackTimeoutKey,
  ackTimeoutsKey,
  startEscalation,
  stopEscalation,
} from './escalation.js';
import { appendPageEvent, lockPage, newRunId, type PageRow } from './page-row.js';
import { responderById } from './targets.js';

/** Who acts: a signed-in user, a user through an email link, or an integration (no user). */
export interface PageActor {
  userId: string | null;
  via: 'web' | 'email_link' | 'events_v2' | 'alertmanager' | 'api';
}

async function setAckTimer(ctx: AppContext, q: Queryable, page: PageRow, minutes: number): Promise<void> {
  await cancelJobsUnder(q, ackTimeoutsKey(page.id));
  if (minutes <= 0) return;
  await enqueueJob(
    q,
    ackTimeoutJob(ctx),
    { pageId: page.id, runId: page.runId },
    { runAt: new Date(ctx.clock.now().getTime() + minutes * MINUTE), singletonKey: ackTimeoutKey(page) },
  );
}

/**
 * Stops the escalation: no further level, no delayed notice of this run. Acknowledging an acknowledged page
 * renews the acknowledgement (its timeout starts again); a resolved page cannot be acknowledged (409).
 */
export async function acknowledgePage(ctx: AppContext, q: Queryable, pageId: string, actor: PageActor) {
  const page = await lockPage(q, pageId);
  if (page.status === 'resolved') throw conflict('the page is already resolved');
  const now = ctx.clock.now();
  const [row] = await q
    .update(pages)
    .set({
      status: 'acknowledged',
      acknowledgedBy: actor.userId,
      acknowledgedAt: now,
      snoozedUntil: null,
      runId: newRunId(),
      updatedAt: now,
    })
    .where(eq(pages.id, pageId))
    .returning();
  if (!row) throw new Error('page vanished under its lock');
  await stopEscalation(q, pageId);
  await appendPageEvent(q, ctx.clock, {
    pageId,
    type: 'acknowledged',
    actorId: actor.userId,
    detail: { via: actor.via },
  });
  await setAckTimer(ctx, q, row, (await readOncallSettings(q)).ackTimeoutMinutes);
  return row;
}

/** Final: nothing about the page fires again. Resolving a resolved page is a 409. */
export async function resolvePage(ctx: AppContext, q: Queryable, pageId: string, actor: PageActor) {
  const page = await lockPage(q, pageId);
  if (page.status === 'resolved') throw conflict('the page is already resolved');
  const now = ctx.clock.now();
  const [row] = await q
    .update(pages)
    .set({ status: 'resolved', resolvedBy: actor.userId, resolvedAt: now, runId: newRunId(), updatedAt: now })
    .where(eq(pages.id, pageId))
    .returning();
  await stopEscalation(q, pageId);
  await appendPageEvent(q, ctx.clock, {
    pageId,
    type: 'resolved',
    actorId: actor.userId,
    detail: { via: actor.via },
  });
  return row ?? page;
}

/** Puts an acknowledged page off for a while; when that ends it triggers again from the first level. */
export async function snoozePage(
  ctx: AppContext,
  q: Queryable,
  pageId: string,
  actor: PageActor,
  minutes: number,
) {
  const page = await lockPage(q, pageId);
  if (page.status !== 'acknowledged') throw conflict('only an acknowledged page can be snoozed');
  const until = new Date(ctx.clock.now().getTime() + minutes * MINUTE);
  const [row] = await q
    .update(pages)
    .set({ snoozedUntil: until, runId: newRunId(), updatedAt: ctx.clock.now() })
    .where(eq(pages.id, pageId))
    .returning();
  if (!row) throw new Error('page vanished under its lock');
  await setAckTimer(ctx, q, row, minutes);
  await appendPageEvent(q, ctx.clock, {
    pageId,
    type: 'snoozed',
    actorId: actor.userId,
    detail: { minutes, until: until.toISOString() },
  });
  return row;
}

/** A one-level policy naming one person: a page reassigned or opened straight to them. */
export async function personalPolicy(q: Queryable, userId: string): Promise<PageRow['policy']> {
  const responder = await responderById(q, userId);
  if (!responder) throw invalid('userId', 'is not an enabled staff user', 'invalid_id');
  return {
    policyId: null,
    name: responder.name,
    levels: [{ delayMinutes: 30, targets: [{ type: 'user', id: responder.id }] }],
    repeat: 0,
  };
}

export type ReassignTarget = { userId: string } | { escalationPolicyId: string };

/**
 * Hands the page to someone else: a user (a one-level policy naming them) or another escalation policy, copied
 * as it is now. The page is triggered again and the new target is notified at once.
 */
export async function reassignPage(
  ctx: AppContext,
  q: Queryable,
  pageId: string,
  actor: PageActor,
  target: ReassignTarget,
) {
  const page = await lockPage(q, pageId);
  if (page.status === 'resolved') throw conflict('the page is already resolved');
  let policy: PageRow['policy'];
  if ('userId' in target) {
    policy = await personalPolicy(q, target.userId);
  } else {
    policy = await snapshotPolicy(q, target.escalationPolicyId).catch(() => {
      throw invalid('escalationPolicyId', 'is not a known escalation policy', 'invalid_id');
    });
  }
  const [row] = await q
    .update(pages)
    .set({ policy, acknowledgedBy: null, acknowledgedAt: null, snoozedUntil: null })
    .where(eq(pages.id, pageId))
    .returning();
  if (!row) throw new Error('page vanished under its lock');
  await appendPageEvent(q, ctx.clock, {
    pageId,
    type: 'reassigned',
    actorId: actor.userId,
    detail: { to: target, policy: policy.name },
  });
  return startEscalation(ctx, q, row, 'reassigned');
}
