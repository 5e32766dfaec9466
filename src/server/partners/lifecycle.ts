import { and, eq } from 'drizzle-orm';
import { PARTNER_STATUSES, type PartnerStatus } from '../../shared/partners.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { partners, users } from '../db/schema/index.js';
import { conflict, forbidden, invalid, notFound } from '../lib/errors.js';

/**
 * interested → integrating → launched, moved by an admin or the partner's own consultant. Skipping ahead is
 * allowed (a partner may arrive ready to launch); going back is not, since launched partners carry live traffic.
 */
export async function changePartnerStatus(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  status: PartnerStatus,
) {
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(partners).where(eq(partners.id, partnerId)).for('update');
    if (!before) throw notFound('partner');
    const isAssignedConsultant = actor.kind === 'user' && before.consultantUserId === actor.user.id;
    if (actor.kind !== 'user' || (actor.user.role !== 'admin' && !isAssignedConsultant)) {
      throw forbidden('only an admin or the assigned consultant can change the programme status');
    }
    if (PARTNER_STATUSES.indexOf(status) <= PARTNER_STATUSES.indexOf(before.status)) {
      throw conflict(`cannot move from ${before.status} to ${status}`);
    }
    const [after] = await tx
      .update(partners)
      .set({ status, updatedAt: ctx.clock.now() })
      .where(eq(partners.id, partnerId))
      .returning();
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId,
      action: 'partner.status_changed',
      subjectType: 'partner',
      subjectId: partnerId,
      before: { status: before.status },
      after: { status },
    });
    return after as typeof before;
  });
}

export async function assignConsultant(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  consultantUserId: string | null,
) {
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(partners).where(eq(partners.id, partnerId)).for('update');
    if (!before) throw notFound('partner');
    if (consultantUserId) {
      const [consultant] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, consultantUserId), eq(users.role, 'consultant')));
      if (!consultant) throw invalid('consultantUserId', 'is not a consultant');
    }
    const [after] = await tx
      .update(partners)
      .set({ consultantUserId, updatedAt: ctx.clock.now() })
      .where(eq(partners.id, partnerId))
      .returning();
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId,
      action: 'partner.consultant_assigned',
      subjectType: 'partner',
      subjectId: partnerId,
      before: { consultantUserId: before.consultantUserId },
      after: { consultantUserId },
    });
    return after as typeof before;
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

export async function updateSupportHours(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  input: { supportHours: string | null; supportTimezone: string | null },
) {
  if (input.supportTimezone && !isTimeZone(input.supportTimezone)) {
    throw invalid('supportTimezone', 'is not an IANA time zone such as Europe/Berlin');
  }
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(partners).where(eq(partners.id, partnerId)).for('update');
    if (!before) throw notFound('partner');
    const [after] = await tx
      .update(partners)
      .set({
        supportHours: input.supportHours?.trim() || null,
        supportTimezone: input.supportTimezone || null,
        updatedAt: ctx.clock.now(),
      })
      .where(eq(partners.id, partnerId))
      .returning();
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId,
      action: 'partner.support_hours_changed',
      subjectType: 'partner',
      subjectId: partnerId,
      before: { supportHours: before.supportHours, supportTimezone: before.supportTimezone },
      after: { supportHours: after?.supportHours, supportTimezone: after?.supportTimezone },
    });
    return after as typeof before;
  });
}

/** The consultant a partner sees: name and email only. */
export async function consultantOf(ctx: AppContext, partnerId: string) {
  const [row] = await ctx.db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(partners)
    .innerJoin(users, eq(users.id, partners.consultantUserId))
    .where(eq(partners.id, partnerId));
  return row ?? null;
}
