import { createHash } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { isUuid } from '../auth/tenancy.js';
import type { AppContext } from '../context.js';
import type { Database, Queryable } from '../db/client.js';
import { caseAttachments, caseComments, cases } from '../db/schema/index.js';
import { AppError, invalid, notFound } from '../lib/errors.js';
import { isStaff } from './actors.js';
import { checkAttachmentContent, fileNameProblem } from './attachment-types.js';
import { lockCase } from './changes.js';
import { followUpPath } from './comments.js';
import { actorNameOf, appendCaseEvent } from './events.js';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_CASE = 20;

export interface UploadedFile {
  fileName: string;
  content: Buffer;
}

export const fileTooLarge = (fileName: string) =>
  new AppError(
    'payload_too_large',
    `file: ${fileName} is larger than ${MAX_ATTACHMENT_BYTES} bytes (10 MB)`,
    {
      field: 'file',
      params: { fileName, limit: MAX_ATTACHMENT_BYTES },
    },
  );

/** Name, size and content of each file, before anything touches the database: refuses the first bad one. */
async function checkFiles(files: UploadedFile[]) {
  if (files.length === 0) throw invalid('file', 'attach at least one file', 'required');
  const checked = [];
  for (const { fileName, content } of files) {
    const nameProblem = fileNameProblem(fileName);
    if (nameProblem) throw invalid('file', nameProblem.message, nameProblem.reason, nameProblem.params);
    if (content.length > MAX_ATTACHMENT_BYTES) throw fileTooLarge(fileName);
    const type = await checkAttachmentContent(fileName, content);
    if (!type.ok)
      throw new AppError('unsupported_media_type', `file: ${fileName} ${type.problem}`, {
        field: 'file',
        params: { fileName },
      });
    checked.push({
      fileName,
      content,
      contentType: type.contentType,
      sha256: createHash('sha256').update(content).digest('hex'),
    });
  }
  return checked;
}

/** The comment the files belong to; one the actor may not see is as absent as one of another case. */
async function commentFor(tx: Queryable, actor: Actor, caseId: string, commentId: string) {
  const missing = () => invalid('commentId', 'no such comment on this case', 'invalid_id');
  if (!isUuid(commentId)) throw missing();
  const [comment] = await tx
    .select({ id: caseComments.id, internal: caseComments.internal })
    .from(caseComments)
    .where(and(eq(caseComments.id, commentId), eq(caseComments.caseId, caseId)));
  if (!comment || (comment.internal && !isStaff(actor))) throw missing();
  return comment;
}

/** An attachment as the API shows it: everything but the bytes. */
export const ATTACHMENT_VIEW_COLUMNS = {
  id: caseAttachments.id,
  commentId: caseAttachments.commentId,
  internal: caseAttachments.internal,
  fileName: caseAttachments.fileName,
  contentType: caseAttachments.contentType,
  sizeBytes: caseAttachments.sizeBytes,
  sha256: caseAttachments.sha256,
  uploaderName: caseAttachments.uploaderName,
  createdAt: caseAttachments.createdAt,
};

/**
 * Attaches files to a case, or to one of its comments: all of them or none. A file on an internal note is
 * internal too. The case row lock serialises uploads to one case, so the count of its files cannot pass the
 * limit between reading it and inserting.
 */
export async function addAttachments(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  caseId: string,
  upload: { commentId?: string; files: UploadedFile[] },
) {
  const files = await checkFiles(upload.files);
  return ctx.db.transaction(async (tx) => {
    const row = await lockCase(tx, partnerId, caseId);
    if (!row) throw notFound('case');
    if (row.status === 'closed')
      throw new AppError(
        'conflict',
        `the case is closed; open a follow-up case instead: ${followUpPath(caseId)}`,
      );
    const comment = upload.commentId ? await commentFor(tx, actor, caseId, upload.commentId) : null;
    const internal = comment?.internal ?? false;
    const [held] = await tx
      .select({ n: count() })
      .from(caseAttachments)
      .where(eq(caseAttachments.caseId, caseId));
    const already = held?.n ?? 0;
    if (already + files.length > MAX_ATTACHMENTS_PER_CASE)
      throw new AppError(
        'conflict',
        `a case holds at most ${MAX_ATTACHMENTS_PER_CASE} files; this one has ${already}, so ${files.length} more do not fit`,
        { field: 'file' },
      );
    const now = ctx.clock.now();
    const stored = await tx
      .insert(caseAttachments)
      .values(
        files.map((file) => ({
          caseId,
          commentId: comment?.id ?? null,
          internal,
          fileName: file.fileName,
          contentType: file.contentType,
          sizeBytes: file.content.length,
          sha256: file.sha256,
          content: file.content,
          uploadedByUserId: actor.kind === 'user' ? actor.user.id : null,
          uploaderName: actorNameOf(actor),
          createdAt: now,
        })),
      )
      .returning(ATTACHMENT_VIEW_COLUMNS);
    for (const attachment of stored) {
      await appendCaseEvent(tx, ctx.clock, {
        caseId,
        actor,
        type: 'attachment',
        internal,
        data: {
          attachmentId: attachment.id,
          commentId: attachment.commentId,
          fileName: attachment.fileName,
          contentType: attachment.contentType,
          sizeBytes: attachment.sizeBytes,
        },
      });
    }
    await tx.update(cases).set({ updatedAt: now }).where(eq(cases.id, caseId));
    return stored;
  });
}

/** One file with its bytes, for download. Internal files are staff-only: anyone else gets the same 404. */
export async function getAttachment(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  caseId: string,
  attachmentId: string,
): Promise<{ fileName: string; contentType: string; content: Buffer }> {
  const [found] = await ctx.db
    .select({
      fileName: caseAttachments.fileName,
      contentType: caseAttachments.contentType,
      content: caseAttachments.content,
      internal: caseAttachments.internal,
    })
    .from(caseAttachments)
    .innerJoin(cases, eq(cases.id, caseAttachments.caseId))
    .where(
      and(
        eq(caseAttachments.id, attachmentId),
        eq(caseAttachments.caseId, caseId),
        eq(cases.partnerId, partnerId),
      ),
    );
  if (!found || (found.internal && !isStaff(actor))) throw notFound('attachment');
  return found;
}

/** For the tenancy wall: is the attachment on a case of this partner? */
export async function isPartnerAttachment(db: Database, partnerId: string, attachmentId: string) {
  const rows = await db
    .select({ id: caseAttachments.id })
    .from(caseAttachments)
    .innerJoin(cases, eq(cases.id, caseAttachments.caseId))
    .where(and(eq(caseAttachments.id, attachmentId), eq(cases.partnerId, partnerId)));
  return rows.length > 0;
}
