import { eq } from 'drizzle-orm';
import type {
  CaseCategory,
  CasePriority,
  CaseQueue,
  UrgentCriterion,
  UrgentImpact,
} from '../../shared/cases.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import { type AppContext, appUrl } from '../context.js';
import { caseSubscribers, cases, partners, users } from '../db/schema/index.js';
import { conflict, invalid, notFound } from '../lib/errors.js';
import { toInstant } from '../lib/instant.js';
import { queueEmail } from '../notifications/service.js';
import { translate } from '../notifications/templates.js';
import { isStaff, staffOnlyField } from './actors.js';
import { actorNameOf, appendCaseEvent } from './events.js';
import { dueParam, mailAboutCase, partnerRecipients, staffWithRoles } from './notify.js';
import { syncCaseSla } from './sla-sync.js';

export interface NewCase {
  category: CaseCategory;
  subject: string;
  description: string;
  priority?: CasePriority;
  urgentCriterion?: UrgentCriterion | null;
  impact?: UrgentImpact | null;
}

const PARTNER_PRIORITIES: readonly CasePriority[] = ['high', 'normal'];

/** The urgent category is only for the three situations the programme names, with their impact described. */
function checkUrgency(ctx: AppContext, input: NewCase): void {
  if (input.category !== 'urgent_technical_support') {
    if (input.urgentCriterion)
      throw invalid('urgentCriterion', 'only applies to urgent technical support', 'only_with', {
        other: 'urgent_technical_support',
      });
    if (input.impact)
      throw invalid('impact', 'only applies to urgent technical support', 'only_with', {
        other: 'urgent_technical_support',
      });
    return;
  }
  if (!input.urgentCriterion)
    throw invalid('urgentCriterion', 'is required for urgent technical support', 'required');
  if (!input.impact)
    throw invalid(
      'impact',
      'is required for urgent technical support: since when, how many affected',
      'required',
    );
  const since = toInstant('impact.since', input.impact.since);
  if (since > ctx.clock.now()) throw invalid('impact.since', 'must not be in the future', 'in_future');
}

/**
 * Files a case. Urgent cases wait in triage (reviewed within 15 minutes, around the clock); integration questions
 * go to the partner's consultant; everything else to partner support.
 */
export async function openCase(ctx: AppContext, actor: Actor, partnerId: string, input: NewCase) {
  checkUrgency(ctx, input);
  const urgent = input.category === 'urgent_technical_support';
  if (input.priority && !isStaff(actor) && !PARTNER_PRIORITIES.includes(input.priority))
    throw staffOnlyField('priority', 'partners may mark a case high or normal; support sets the rest');
  const priority = input.priority ?? (urgent ? 'high' : 'normal');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [partner] = await tx.select().from(partners).where(eq(partners.id, partnerId));
    if (!partner) throw notFound('partner');
    let assigneeUserId: string | null = null;
    let queue: CaseQueue = 'partner_support';
    if (input.category === 'integration_question') {
      if (!partner.consultantUserId) throw conflict('no consultant is assigned to this partner yet');
      assigneeUserId = partner.consultantUserId;
      queue = 'consultants';
    }
    const status = urgent ? 'triage' : 'open';
    const [created] = await tx
      .insert(cases)
      .values({
        partnerId,
        category: input.category,
        urgentCriterion: urgent ? (input.urgentCriterion ?? null) : null,
        impact: urgent ? (input.impact ?? null) : null,
        subject: input.subject,
        description: input.description,
        status,
        priority,
        queue,
        assigneeUserId,
        createdByUserId: actor.kind === 'user' ? actor.user.id : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!created) throw new Error('case insert returned nothing');
    await appendCaseEvent(tx, ctx.clock, {
      caseId: created.id,
      actor,
      type: 'created',
      data: { status, category: created.category, priority, queue },
    });
    if (actor.kind === 'user')
      await tx
        .insert(caseSubscribers)
        .values({ caseId: created.id, userId: actor.user.id })
        .onConflictDoNothing();
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId,
      action: 'case.opened',
      subjectType: 'case',
      subjectId: created.id,
      after: { number: created.number, category: created.category, priority, subject: created.subject },
    });
    const sla = await syncCaseSla(ctx, tx, created.id);
    const [row] = await tx.select().from(cases).where(eq(cases.id, created.id));
    if (!row) throw new Error('case vanished in its own transaction');

    await mailAboutCase(
      ctx,
      tx,
      row,
      await partnerRecipients(tx, row),
      urgent ? 'case_urgent_received' : 'case_created',
      (r) => dueParam(r, sla?.firstResponseDueAt ?? null),
    );
    if (urgent) {
      await mailAboutCase(ctx, tx, row, await staffWithRoles(tx, ['triage']), 'case_urgent_new', (r) => ({
        criterion: translate(r.locale, `urgentCriteria.${row.urgentCriterion}`),
      }));
    }
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
            author: actorNameOf(actor),
            subject: row.subject,
            text: row.description,
            link: appUrl(ctx, `/cases/${row.id}`),
          },
        });
      }
    }
    return row;
  });
}
