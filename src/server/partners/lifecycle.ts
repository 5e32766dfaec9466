import { eq } from 'drizzle-orm';
import { PARTNER_STATUSES, type PartnerStatus } from '../../shared/partners.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Transaction } from '../db/client.js';
import { partners, users } from '../db/schema/index.js';
import { conflict, forbidden, invalid, notFound } from '../lib/errors.js';

type Partner = typeof partners.$inferSelect;
type PartnerChange = Partial<
  Pick<Partner, 'status' | 'consultantUserId' | 'supportHours' | 'supportTimezone'>
>;

/**
 * Locks the partner row, lets `decide` check it and name the change, then writes the change and an audit
 * row holding the changed fields before and after, all in one transaction.
 */
async function changePartner(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  action: string,
  decide: (before: Partner, tx: Transaction) => Promise<PartnerChange> | PartnerChange,
): Promise<Partner> {
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(partners).where(eq(partners.id, partnerId)).for('update');
    if (!before) throw notFound('partner');
    const change = await decide(before, tx);
    const [after] = await tx
      .update(partners)
      .set({ ...change, updatedAt: ctx.clock.now() })
      .where(eq(partners.id, partnerId))
      .returning();
    if (!after) throw notFound('partner');
    const changed = (row: Partner) =>
      Object.fromEntries(Object.keys(change).map((key) => [key, row[key as keyof Partner]]));
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId,
      action,
      subjectType: 'partner',
      subjectId: partnerId,
      before: changed(before),
      after: changed(after),
    });
    return after;
  });
}

/**
 * interested → integrating → launched, moved by an admin or the partner's own consultant. Skipping ahead is
 * allowed (a partner may arrive ready to launch); going back is not, since launched partners carry live traffic.
 */
export function changePartnerStatus(ctx: AppContext, actor: Actor, partnerId: string, status: PartnerStatus) {
  return changePartner(ctx, actor, partnerId, 'partner.status_changed', (before) => {
    const isAssignedConsultant = actor.kind === 'user' && before.consultantUserId === actor.user.id;
    if (actor.kind !== 'user' || (actor.user.role !== 'admin' && !isAssignedConsultant)) {
      throw forbidden('only an admin or the assigned consultant can change the programme status');
    }
    if (PARTNER_STATUSES.indexOf(status) <= PARTNER_STATUSES.indexOf(before.status)) {
      throw conflict(`cannot move from ${before.status} to ${status}`);
    }
    return { status };
  });
}

export function assignConsultant(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  consultantUserId: string | null,
) {
  return changePartner(ctx, actor, partnerId, 'partner.consultant_assigned', async (_before, tx) => {
    if (consultantUserId) {
      const [user] = await tx.select({ role: users.role }).from(users).where(eq(users.id, consultantUserId));
      if (user?.role !== 'consultant') throw invalid('consultantUserId', 'is not a consultant');
    }
    return { consultantUserId };
  });
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function updateSupportHours(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  input: { supportHours: string | null; supportTimezone: string | null },
) {
  if (input.supportTimezone && !isTimeZone(input.supportTimezone)) {
    throw invalid('supportTimezone', 'is not an IANA time zone such as Europe/Berlin', 'unknown_time_zone');
  }
  return changePartner(ctx, actor, partnerId, 'partner.support_hours_changed', () => ({
    supportHours: input.supportHours?.trim() || null,
    supportTimezone: input.supportTimezone || null,
  }));
}
