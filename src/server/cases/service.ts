import { and, asc, desc, eq } from 'drizzle-orm';
import type { CaseCategory, UrgentCriterion } from '../../shared/cases.js';
import { recordAudit } from '../audit/service.js';
import { type Actor, actorLabel } from '../auth/actor.js';
import { type AppContext, appUrl } from '../context.js';
import { caseComments, cases, partners, users } from '../db/schema/index.js';
import { conflict, invalid, notFound } from '../lib/errors.js';
import { queueEmail } from '../notifications/service.js';

export interface NewCase {
  category: CaseCategory;
  subject: string;
  description: string;
  urgentCriterion?: UrgentCriterion | null;
}

const authorName = (actor: Actor) => (actor.kind === 'user' ? actor.user.name : actorLabel(actor));

/**
 * Opens a case. Urgent cases must name one of the three urgent criteria. Integration questions go to the
 * partner's consultant (who is told by email) rather than to the support queue.
 */
export async function openCase(ctx: AppContext, actor: Actor, partnerId: string, input: NewCase) {
  if (input.category === 'urgent_technical_support' && !input.urgentCriterion) {
    throw invalid('urgentCriterion', 'is required for urgent technical support');
  }
  if (input.category !== 'urgent_technical_support' && input.urgentCriterion) {
    throw invalid('urgentCriterion', 'only applies to urgent technical support');
  }
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [partner] = await tx.select().from(partners).where(eq(partners.id, partnerId));
    if (!partner) throw notFound('partner');
    let assigneeUserId: string | null = null;
    if (input.category === 'integration_question') {
      if (!partner.consultantUserId) throw conflict('no consultant is assigned to this partner yet');
      assigneeUserId = partner.consultantUserId;
    }
    const [created] = await tx
      .insert(cases)
      .values({
        partnerId,
        category: input.category,
        urgentCriterion: input.urgentCriterion ?? null,
        subject: input.subject.trim(),
        description: input.description.trim(),
        assigneeUserId,
        createdByUserId: actor.kind === 'user' ? actor.user.id : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!created) throw new Error('case insert returned nothing');
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId,
      action: 'case.opened',
      subjectType: 'case',
      subjectId: created.id,
      after: { number: created.number, category: created.category, subject: created.subject },
    });
    if (assigneeUserId) {
      const [consultant] = await tx.select().from(users).where(eq(users.id, assigneeUserId));
      if (consultant) {
        await queueEmail(ctx, tx, {
          partnerId,
          to: consultant.email,
          locale: consultant.locale,
          template: 'consultant_question',
          params: {
            partner: partner.name,
            author: authorName(actor),
            subject: created.subject,
            text: created.description,
            link: appUrl(ctx, `/cases/${created.id}`),
          },
        });
      }
    }
    return created;
  });
}

export function listPartnerCases(ctx: AppContext, partnerId: string) {
  return ctx.db.select().from(cases).where(eq(cases.partnerId, partnerId)).orderBy(desc(cases.createdAt));
}

export function listCasesAssignedTo(ctx: AppContext, userId: string) {
  return ctx.db
    .select({ case: cases, partnerName: partners.name })
    .from(cases)
    .innerJoin(partners, eq(partners.id, cases.partnerId))
    .where(eq(cases.assigneeUserId, userId))
    .orderBy(desc(cases.updatedAt));
}

export async function getCase(ctx: AppContext, partnerId: string, caseId: string) {
  const [found] = await ctx.db
    .select()
    .from(cases)
    .where(and(eq(cases.id, caseId), eq(cases.partnerId, partnerId)));
  if (!found) throw notFound('case');
  const comments = await ctx.db
    .select()
    .from(caseComments)
    .where(eq(caseComments.caseId, caseId))
    .orderBy(asc(caseComments.createdAt));
  return { ...found, comments };
}

export async function addComment(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  caseId: string,
  body: string,
) {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [found] = await tx
      .select()
      .from(cases)
      .where(and(eq(cases.id, caseId), eq(cases.partnerId, partnerId)))
      .for('update');
    if (!found) throw notFound('case');
    if (found.status === 'closed') throw conflict('the case is closed');
    const [comment] = await tx
      .insert(caseComments)
      .values({
        caseId,
        authorUserId: actor.kind === 'user' ? actor.user.id : null,
        authorName: authorName(actor),
        body: body.trim(),
        createdAt: now,
      })
      .returning();
    if (!comment) throw new Error('comment insert returned nothing');
    await tx.update(cases).set({ updatedAt: now }).where(eq(cases.id, caseId));
    return comment;
  });
}
