import { eq } from 'drizzle-orm';
import type { Severity } from '../../../shared/oncall.js';
import { recordAudit } from '../../audit/service.js';
import { type Actor, actorLabel } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { partners } from '../../db/schema/index.js';
import { readOncallSettings } from '../../escalation/settings.js';
import { conflict } from '../../lib/errors.js';
import { triggerPage } from '../../pages/open-page.js';
import { disableFromEscalation } from './integration.js';
import { consumeEscalationLink } from './links.js';
import { stopNotificationPlan } from './notices.js';
import { loadEscalationView } from './queries.js';
import {
  appendEscalationEvent,
  type EscalationRow,
  lockEscalationIfAny,
  lockPartnerEscalation,
  updateEscalation,
} from './row.js';

const userIdOf = (actor: Actor | null) => (actor?.kind === 'user' ? actor.user.id : null);

async function audit(
  ctx: AppContext,
  q: Queryable,
  actor: Actor | null,
  row: EscalationRow,
  action: string,
  after?: unknown,
) {
  await recordAudit(q, ctx.clock, {
    actor,
    partnerId: row.partnerId,
    action: `health_escalation.${action}`,
    subjectType: 'health_escalation',
    subjectId: row.id,
    after,
  });
}

/** Ends the notification plan: someone on the partner's side (or staff) has it. Only an open escalation. */
async function acknowledge(
  ctx: AppContext,
  q: Queryable,
  row: EscalationRow,
  by: { actor: Actor | null; contactId: string | null },
) {
  if (row.status !== 'open')
    throw conflict(
      row.status === 'acknowledged'
        ? 'the escalation is already acknowledged'
        : `a ${row.status} escalation cannot be acknowledged`,
    );
  const acknowledged = await updateEscalation(q, ctx.clock, row.id, {
    status: 'acknowledged',
    acknowledgedAt: ctx.clock.now(),
    acknowledgedBy: userIdOf(by.actor),
    acknowledgedByContact: by.contactId,
  });
  await stopNotificationPlan(q, row.id);
  await appendEscalationEvent(q, ctx.clock, {
    escalationId: row.id,
    type: 'acknowledged',
    actorId: userIdOf(by.actor),
    contactId: by.contactId,
    detail: { via: by.contactId ? 'email_link' : 'app', by: actorLabel(by.actor) },
  });
  await audit(ctx, q, by.actor, row, 'acknowledged', { contactId: by.contactId });
  return acknowledged;
}

export async function acknowledgeEscalation(ctx: AppContext, actor: Actor, partnerId: string, id: string) {
  return ctx.db.transaction(async (tx) => {
    const row = await lockPartnerEscalation(tx, partnerId, id);
    await acknowledge(ctx, tx, row, { actor, contactId: null });
    return loadEscalationView(ctx, tx, id);
  });
}

/** The acknowledge link from a notice: used once, recorded as the contact it was sent to. */
export async function acknowledgeByLink(ctx: AppContext, token: string) {
  return ctx.db.transaction(async (tx) => {
    const link = await consumeEscalationLink(ctx, tx, token);
    const row = await lockEscalationIfAny(tx, link.escalationId);
    if (!row) throw conflict('the escalation is gone');
    await acknowledge(ctx, tx, row, { actor: null, contactId: link.contactId });
    return loadEscalationView(ctx, tx, row.id);
  });
}

export async function commentOnEscalation(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  id: string,
  body: string,
) {
  return ctx.db.transaction(async (tx) => {
    const row = await lockPartnerEscalation(tx, partnerId, id);
    await appendEscalationEvent(tx, ctx.clock, {
      escalationId: row.id,
      type: 'comment',
      actorId: userIdOf(actor),
      detail: { body, by: actorLabel(actor) },
    });
    await audit(ctx, tx, actor, row, 'commented');
    return { at: ctx.clock.now(), body };
  });
}

const PAGE_SEVERITY: Record<EscalationRow['severity'], Severity> = {
  critical: 'critical',
  high: 'error',
  medium: 'warning',
  low: 'info',
};

/**
 * A fault on the platform's side behind a partner's escalation: one on-call page on the urgent-case service,
 * deduplicated by the escalation, so asking again returns the same page.
 */
export async function pageFromEscalation(ctx: AppContext, actor: Actor, partnerId: string, id: string) {
  return ctx.db.transaction(async (tx) => {
    const row = await lockPartnerEscalation(tx, partnerId, id);
    if (row.status === 'resolved') throw conflict('the escalation is resolved');
    if (row.pageId) return { pageId: row.pageId, opened: false };
    const [partner] = await tx
      .select({ name: partners.name })
      .from(partners)
      .where(eq(partners.id, partnerId));
    const settings = await readOncallSettings(tx);
    const page = await triggerPage(ctx, tx, {
      serviceId: settings.urgentCaseServiceId,
      title: `Partner health #${row.number} (${partner?.name ?? partnerId}): ${row.area} ${row.severity}`,
      source: 'switchboard/health',
      severity: PAGE_SEVERITY[row.severity],
      details: {
        escalationId: row.id,
        escalationNumber: row.number,
        partnerId,
        area: row.area,
        rules: row.rules,
      },
      dedupKey: `health-escalation:${row.id}`,
      createdBy: userIdOf(actor),
      via: 'health_escalation',
    });
    await updateEscalation(tx, ctx.clock, row.id, { pageId: page.id });
    await appendEscalationEvent(tx, ctx.clock, {
      escalationId: row.id,
      type: 'paged',
      actorId: userIdOf(actor),
      detail: { pageId: page.id, pageNumber: page.number },
    });
    await audit(ctx, tx, actor, row, 'paged', { pageId: page.id });
    return { pageId: page.id, opened: true };
  });
}

/** A platform admin's explicit call: the integration service audits the state change, the timeline shows it. */
export async function disableIntegrationFromEscalation(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  id: string,
  reason: string | undefined,
) {
  return ctx.db.transaction(async (tx) => {
    const row = await lockPartnerEscalation(tx, partnerId, id);
    await disableFromEscalation(
      ctx,
      tx,
      row,
      actor,
      reason ?? `Partner health escalation #${row.number} (${row.area})`,
    );
    return loadEscalationView(ctx, tx, id);
  });
}
