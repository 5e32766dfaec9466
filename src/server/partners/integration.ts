import { eq } from 'drizzle-orm';
import type { IntegrationState } from '../../shared/partners.js';
import { recordAudit } from '../audit/service.js';
import { type Actor, actorLabel } from '../auth/actor.js';
import { type AppContext, appUrl } from '../context.js';
import type { Transaction } from '../db/client.js';
import { partners } from '../db/schema/index.js';
import { MINUTE } from '../lib/clock.js';
import { conflict, invalid, notFound } from '../lib/errors.js';
import { cancelJob, enqueueJob } from '../lib/jobs.js';
import { queueEmail } from '../notifications/service.js';
import { formatMoment, type TemplateName } from '../notifications/templates.js';
import { resumeIntegrationJob, resumeReminderJob } from './integration-jobs.js';
import { integrationRecipients } from './recipients.js';

/** How long before an automatic resume the partner is told it is coming. */
export const RESUME_NOTICE_MS = 60 * MINUTE;

type Partner = typeof partners.$inferSelect;

const stateSnapshot = (p: Partner) => ({
  integrationState: p.integrationState,
  stateReason: p.stateReason,
  pausedUntil: p.pausedUntil,
});

async function lockPartner(tx: Transaction, partnerId: string): Promise<Partner> {
  const [partner] = await tx.select().from(partners).where(eq(partners.id, partnerId)).for('update');
  if (!partner) throw notFound('partner');
  return partner;
}

const resumeKey = (partnerId: string) => `integration.resume:${partnerId}`;
const reminderKey = (partnerId: string) => `integration.resume-reminder:${partnerId}`;

async function cancelScheduledResume(tx: Transaction, partnerId: string): Promise<void> {
  await cancelJob(tx, resumeKey(partnerId));
  await cancelJob(tx, reminderKey(partnerId));
}

/** Moves the state, audits it and tells the partner, all in one transaction. */
async function changeState(
  ctx: AppContext,
  tx: Transaction,
  actor: Actor | null,
  before: Partner,
  change: {
    state: IntegrationState;
    reason: string | null;
    pausedUntil: Date | null;
    action: string;
    template: TemplateName;
  },
): Promise<Partner> {
  const now = ctx.clock.now();
  const [after] = await tx
    .update(partners)
    .set({
      integrationState: change.state,
      stateReason: change.reason,
      pausedUntil: change.pausedUntil,
      stateChangedAt: now,
      stateChangedByUserId: actor?.kind === 'user' ? actor.user.id : null,
      updatedAt: now,
    })
    .where(eq(partners.id, before.id))
    .returning();
  if (!after) throw notFound('partner');
  await recordAudit(tx, ctx.clock, {
    actor,
    partnerId: after.id,
    action: change.action,
    subjectType: 'partner',
    subjectId: after.id,
    before: stateSnapshot(before),
    after: stateSnapshot(after),
  });
  for (const recipient of await integrationRecipients(tx, after.id)) {
    await queueEmail(ctx, tx, {
      partnerId: after.id,
      to: recipient.email,
      locale: recipient.locale,
      template: change.template,
      params: {
        partner: after.name,
        actor: actorLabel(actor),
        reason: change.reason ?? '',
        until: formatMoment(recipient.locale, change.pausedUntil),
        link: appUrl(ctx, '/account'),
      },
    });
  }
  return after;
}

export async function pauseIntegration(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  input: { reason: string; expectedEnd?: Date | null },
): Promise<Partner> {
  const now = ctx.clock.now();
  const expectedEnd = input.expectedEnd ?? null;
  if (!input.reason.trim()) throw invalid('reason', 'is required', 'required');
  if (expectedEnd && expectedEnd.getTime() <= now.getTime())
    throw invalid('expectedEnd', 'must be in the future', 'not_in_future');
  return ctx.db.transaction(async (tx) => {
    const before = await lockPartner(tx, partnerId);
    if (before.status !== 'launched') throw conflict('only a launched integration can be paused');
    if (before.integrationState === 'disabled')
      throw conflict('the platform disabled this integration; it cannot be paused');
    const after = await changeState(ctx, tx, actor, before, {
      state: 'paused',
      reason: input.reason.trim(),
      pausedUntil: expectedEnd,
      action: before.integrationState === 'paused' ? 'integration.pause_changed' : 'integration.paused',
      template: 'integration_paused',
    });
    await cancelScheduledResume(tx, partnerId);
    if (expectedEnd) {
      const payload = { partnerId, pausedUntil: expectedEnd.toISOString() };
      await enqueueJob(tx, resumeIntegrationJob(ctx), payload, {
        runAt: expectedEnd,
        singletonKey: resumeKey(partnerId),
      });
      const noticeAt = new Date(Math.max(now.getTime(), expectedEnd.getTime() - RESUME_NOTICE_MS));
      await enqueueJob(tx, resumeReminderJob(ctx), payload, {
        runAt: noticeAt,
        singletonKey: reminderKey(partnerId),
      });
    }
    return after;
  });
}

/** Ends a maintenance pause; `actor` null when the expected end arrives. */
export async function resumeIntegration(
  ctx: AppContext,
  actor: Actor | null,
  partnerId: string,
): Promise<Partner> {
  return ctx.db.transaction(async (tx) => {
    const before = await lockPartner(tx, partnerId);
    if (before.integrationState === 'disabled')
      throw conflict('only the platform can re-enable a disabled integration');
    if (before.integrationState === 'active') throw conflict('the integration is already active');
    await cancelScheduledResume(tx, partnerId);
    return changeState(ctx, tx, actor, before, {
      state: 'active',
      reason: null,
      pausedUntil: null,
      action: 'integration.resumed',
      template: 'integration_resumed',
    });
  });
}

/** `actor` null when partner health disables it by itself (the hard-down auto-disable an admin opted into). */
export async function disableIntegration(
  ctx: AppContext,
  actor: Actor | null,
  partnerId: string,
  reason: string,
): Promise<Partner> {
  if (!reason.trim()) throw invalid('reason', 'is required', 'required');
  return ctx.db.transaction(async (tx) => {
    const before = await lockPartner(tx, partnerId);
    if (before.integrationState === 'disabled') throw conflict('the integration is already disabled');
    await cancelScheduledResume(tx, partnerId);
    return changeState(ctx, tx, actor, before, {
      state: 'disabled',
      reason: reason.trim(),
      pausedUntil: null,
      action: 'integration.disabled',
      template: 'integration_disabled',
    });
  });
}

export async function enableIntegration(ctx: AppContext, actor: Actor, partnerId: string): Promise<Partner> {
  return ctx.db.transaction(async (tx) => {
    const before = await lockPartner(tx, partnerId);
    if (before.integrationState !== 'disabled')
      throw conflict('only a disabled integration can be re-enabled');
    return changeState(ctx, tx, actor, before, {
      state: 'active',
      reason: null,
      pausedUntil: null,
      action: 'integration.enabled',
      template: 'integration_enabled',
    });
  });
}
