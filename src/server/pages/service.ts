import type { Severity } from '../../shared/oncall.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { loadService } from '../escalation/services.js';
import { readOncallSettings } from '../escalation/settings.js';
import { invalid } from '../lib/errors.js';
import { consumeActionLink } from './action-links.js';
import { triggerPage } from './open-page.js';
import { getPage } from './read.js';
import {
  acknowledgePage,
  type PageActor,
  personalPolicy,
  type ReassignTarget,
  reassignPage,
  resolvePage,
  snoozePage,
} from './transitions.js';

const byUser = (actor: Actor): PageActor => ({
  userId: actor.kind === 'user' ? actor.user.id : null,
  via: 'web',
});

export interface ManualPageInput {
  title: string;
  severity?: Severity;
  /** Default: the service confirmed urgent cases page. */
  serviceId?: string;
  /** Page this person directly instead of the service's escalation policy. */
  userId?: string;
  details?: string;
}

/** A page someone opens by hand (the UI's "Page someone" or `POST /api/v1/pages`). */
export async function openManualPage(ctx: AppContext, actor: Actor, input: ManualPageInput) {
  const { userId } = byUser(actor);
  const id = await ctx.db.transaction(async (tx) => {
    const serviceId = input.serviceId ?? (await readOncallSettings(tx)).urgentCaseServiceId;
    if (input.serviceId)
      await loadService(tx, input.serviceId).catch(() => {
        throw invalid('serviceId', 'is not a known service', 'invalid_id');
      });
    const page = await triggerPage(ctx, tx, {
      serviceId,
      title: input.title,
      source: 'switchboard/manual',
      severity: input.severity ?? 'critical',
      details: input.details ? { description: input.details } : {},
      createdBy: userId,
      via: 'manual',
      ...(input.userId ? { policy: await personalPolicy(tx, input.userId) } : {}),
    });
    return page.id;
  });
  return getPage(ctx, id);
}

type Transition = 'acknowledge' | 'resolve';

export async function changePage(ctx: AppContext, actor: Actor, pageId: string, transition: Transition) {
  await ctx.db.transaction((tx) =>
    transition === 'acknowledge'
      ? acknowledgePage(ctx, tx, pageId, byUser(actor))
      : resolvePage(ctx, tx, pageId, byUser(actor)),
  );
  return getPage(ctx, pageId);
}

export async function snooze(ctx: AppContext, actor: Actor, pageId: string, minutes: number) {
  await ctx.db.transaction((tx) => snoozePage(ctx, tx, pageId, byUser(actor), minutes));
  return getPage(ctx, pageId);
}

export async function reassign(
  ctx: AppContext,
  actor: Actor,
  pageId: string,
  target: Partial<ReassignTarget>,
) {
  const chosen =
    'userId' in target && target.userId !== undefined
      ? { userId: target.userId }
      : 'escalationPolicyId' in target && target.escalationPolicyId !== undefined
        ? { escalationPolicyId: target.escalationPolicyId }
        : null;
  if (!chosen || Object.keys(target).length !== 1)
    throw invalid('userId', 'give exactly one of userId or escalationPolicyId', 'invalid');
  await ctx.db.transaction((tx) => reassignPage(ctx, tx, pageId, byUser(actor), chosen));
  return getPage(ctx, pageId);
}

/** Acknowledge or resolve through an email link, as the user it was sent to, without signing in. */
export async function usePageActionLink(ctx: AppContext, token: string) {
  const pageId = await ctx.db.transaction(async (tx) => {
    const link = await consumeActionLink(ctx, tx, token);
    const actor: PageActor = { userId: link.userId, via: 'email_link' };
    if (link.action === 'acknowledge') await acknowledgePage(ctx, tx, link.pageId, actor);
    else await resolvePage(ctx, tx, link.pageId, actor);
    return link.pageId;
  });
  const page = await getPage(ctx, pageId);
  return { id: page.id, number: page.number, title: page.title, status: page.status };
}
