import { eq } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { caseComments, cases } from '../db/schema/index.js';
import { AppError, notFound } from '../lib/errors.js';
import { authorKindOf, isStaff, staffOnlyField } from './actors.js';
import { lockCase, moveStatus } from './changes.js';
import { actorNameOf, appendCaseEvent } from './events.js';
import { mailAboutCase, partnerRecipients, staffRecipients } from './notify.js';
import { syncCaseSla } from './sla-sync.js';
import { reopenOnPartnerReply } from './status-machine.js';

export interface NewComment {
  body: string;
  internal?: boolean;
}

/** Where a closed case's requester goes instead: a new case that refers to this one. */
export const followUpPath = (caseId: string) => `/cases/new?followUp=${caseId}`;

/**
 * Adds a public reply or, for staff, an internal note. Comments are never edited: a correction is a new comment.
 * A partner's reply puts a case waiting on them or resolved back in the queue; a staff reply is what meets the
 * first-response target; an internal note reaches nobody outside staff.
 */
export async function addComment(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  caseId: string,
  input: NewComment,
) {
  const internal = input.internal ?? false;
  if (internal && !isStaff(actor)) throw staffOnlyField('internal', 'only staff can write internal notes');
  return ctx.db.transaction(async (tx) => {
    let row = await lockCase(tx, partnerId, caseId);
    if (!row) throw notFound('case');
    if (row.status === 'closed') {
      throw new AppError(
        'conflict',
        `the case is closed; open a follow-up case instead: ${followUpPath(caseId)}`,
      );
    }
    const authorKind = authorKindOf(actor);
    const [comment] = await tx
      .insert(caseComments)
      .values({
        caseId,
        authorUserId: actor.kind === 'user' ? actor.user.id : null,
        authorName: actorNameOf(actor),
        authorKind,
        internal,
        body: input.body,
        createdAt: ctx.clock.now(),
      })
      .returning();
    if (!comment) throw new Error('comment insert returned nothing');
    await appendCaseEvent(tx, ctx.clock, {
      caseId,
      actor,
      type: 'comment',
      internal,
      data: { commentId: comment.id, authorKind, internal },
    });
    await tx.update(cases).set({ updatedAt: comment.createdAt }).where(eq(cases.id, caseId));

    if (authorKind === 'partner') {
      const reopened = reopenOnPartnerReply(row.status);
      if (reopened) row = await moveStatus(ctx, tx, row, actor, reopened);
      await mailAboutCase(ctx, tx, row, await staffRecipients(tx, row), 'case_partner_reply', {
        author: comment.authorName,
        text: comment.body,
      });
    } else if (!internal) {
      await mailAboutCase(ctx, tx, row, await partnerRecipients(tx, row), 'case_staff_reply', {
        author: comment.authorName,
        text: comment.body,
      });
    }
    await syncCaseSla(ctx, tx, caseId);
    return comment;
  });
}
