import { and, asc, desc, eq } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { isUuid } from '../auth/tenancy.js';
import type { AppContext } from '../context.js';
import { businessCalendars, caseAttachments, caseComments, caseEvents, cases } from '../db/schema/index.js';
import { caseHealthOf, unresolvedEscalationsOf } from '../health/case-evidence.js';
import { notFound } from '../lib/errors.js';
import { businessMinutesBetween } from '../sla/business-time.js';
import { isStaff } from './actors.js';
import { ATTACHMENT_VIEW_COLUMNS } from './attachments.js';
import { encodeCursor } from './cursor.js';
import { type CaseView, presentCase, selectCaseViews } from './present.js';
import { afterCreated } from './queue.js';
import { isSubscribed } from './subscriptions.js';

/**
 * One case with its conversation, files and timeline. Internal notes, their files and staff-only events are left
 * out for anyone who is not staff: the partner API and the partner's UI read this same function.
 */
export async function getCaseDetail(ctx: AppContext, actor: Actor, partnerId: string, caseId: string) {
  const [found] = await selectCaseViews(ctx.db).where(
    and(eq(cases.id, caseId), eq(cases.partnerId, partnerId)),
  );
  if (!found) throw notFound('case');
  const staff = isStaff(actor);
  const visible = <T extends { internal: boolean }>(rows: T[]) =>
    staff ? rows : rows.filter((r) => !r.internal);
  const comments = visible(
    await ctx.db
      .select()
      .from(caseComments)
      .where(eq(caseComments.caseId, caseId))
      .orderBy(asc(caseComments.createdAt)),
  );
  const attachments = visible(
    await ctx.db
      .select(ATTACHMENT_VIEW_COLUMNS)
      .from(caseAttachments)
      .where(eq(caseAttachments.caseId, caseId))
      .orderBy(asc(caseAttachments.createdAt)),
  );
  const events = visible(
    await ctx.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id)),
  );
  const view = presentCase(found);
  const health =
    view.category === 'urgent_technical_support'
      ? caseHealthOf(
          view.urgentCriterion,
          (await unresolvedEscalationsOf(ctx.db, [partnerId])).get(partnerId) ?? [],
        )
      : null;
  return {
    ...view,
    health,
    slaClock: await slaClockOf(ctx, view),
    subscribed: await isSubscribed(ctx, actor, caseId),
    comments: comments.map((c) => ({
      id: c.id,
      authorName: c.authorName,
      authorKind: c.authorKind,
      internal: c.internal,
      body: c.body,
      createdAt: c.createdAt,
    })),
    attachments,
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      actorName: e.actorName,
      internal: e.internal,
      data: e.data,
      at: e.at,
    })),
  };
}

/** Staff open a case by its id alone (from the queue or an email link), whichever partner it belongs to. */
export async function getCaseForStaff(ctx: AppContext, actor: Actor, caseId: string) {
  if (!isUuid(caseId)) throw notFound('case');
  const [row] = await ctx.db.select({ partnerId: cases.partnerId }).from(cases).where(eq(cases.id, caseId));
  if (!row) throw notFound('case');
  return getCaseDetail(ctx, actor, row.partnerId, caseId);
}

/** A partner's cases, newest first, a page at a time. */
export async function listPartnerCases(
  ctx: AppContext,
  partnerId: string,
  page: { cursor?: string; limit?: number },
) {
  const limit = page.limit ?? 50;
  const where = page.cursor
    ? and(eq(cases.partnerId, partnerId), afterCreated(page.cursor))
    : eq(cases.partnerId, partnerId);
  const rows = await selectCaseViews(ctx.db)
    .where(where)
    .orderBy(desc(cases.createdAt), desc(cases.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(presentCase);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** The cases assigned to the signed-in staff user, most recently changed first. */
export async function listCasesAssignedTo(ctx: AppContext, actor: Actor) {
  if (actor.kind !== 'user') return [];
  const rows = await selectCaseViews(ctx.db)
    .where(eq(cases.assigneeUserId, actor.user.id))
    .orderBy(desc(cases.updatedAt));
  return rows.map(presentCase);
}

/**
 * What the case view says about its clocks in words: business minutes left until each pending due time (negative
 * once past) and the zone the calendar counts in, so the SPA can say "due in 2 h 10 min of business time
 * (Tue 09:40 CET)" without knowing the calendar.
 */
async function slaClockOf(ctx: AppContext, view: CaseView) {
  const [calendar] = view.sla.calendarId
    ? await ctx.db.select().from(businessCalendars).where(eq(businessCalendars.id, view.sla.calendarId))
    : [];
  const now = ctx.clock.now();
  const left = (due: Date | null, done: Date | null) => {
    if (!due || done) return null;
    const minutes =
      due >= now
        ? businessMinutesBetween(calendar ?? null, now, due)
        : -businessMinutesBetween(calendar ?? null, due, now);
    return Math.round(minutes);
  };
  return {
    timeZone: calendar?.timeZone ?? null,
    businessHours: Boolean(calendar),
    firstResponseMinutesLeft: left(
      view.sla.firstResponseDueAt,
      view.sla.firstResponseAt ?? view.sla.resolvedAt,
    ),
    resolutionMinutesLeft: view.sla.paused ? null : left(view.sla.resolutionDueAt, view.sla.resolvedAt),
  };
}
