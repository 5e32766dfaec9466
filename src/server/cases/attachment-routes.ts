import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../auth/access.js';
import type { Tenancy } from '../auth/tenancy.js';
import type { AppContext } from '../context.js';
import { AppError, invalid } from '../lib/errors.js';
import {
  addAttachments,
  fileTooLarge,
  getAttachment,
  isPartnerAttachment,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_CASE,
  type UploadedFile,
} from './attachments.js';
import { AttachmentView } from './schemas.js';

const CaseParams = Type.Object({ partnerId: Type.String(), caseId: Type.String() });
const AttachmentParams = Type.Object({
  partnerId: Type.String(),
  caseId: Type.String(),
  attachmentId: Type.String(),
});
const tags = ['cases'];

/**
 * Documents the form. The multipart parser leaves `request.body` empty, so this schema deliberately has no
 * top-level `type`: validating the missing body passes, and readUpload below enforces the same rules.
 */
const UploadForm = {
  content: {
    'multipart/form-data': {
      schema: {
        properties: {
          file: {
            type: 'array',
            items: { type: 'string', format: 'binary' },
            maxItems: MAX_ATTACHMENTS_PER_CASE,
          },
          commentId: {
            type: 'string',
            format: 'uuid',
            description: 'attach the files to this comment of the case',
          },
        },
        required: ['file'],
      },
    },
  },
};

const FileResponse = {
  description: 'The file as uploaded, always as a download',
  content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
};

/** RFC 8187 `filename*`: UTF-8, percent-encoded beyond the few characters the header grammar allows as they are. */
export function contentDispositionFor(fileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename*=UTF-8''${encoded}`;
}

/** The multipart parser's refusals, as the API's errors; anything else (AppErrors, bugs) passes through. */
function uploadError(error: unknown): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE')
    return fileTooLarge((error as { part?: { filename?: string } }).part?.filename ?? 'a file');
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return new AppError(
      'payload_too_large',
      `file: at most ${MAX_ATTACHMENTS_PER_CASE} files in one request`,
      {
        field: 'file',
        params: { limit: MAX_ATTACHMENTS_PER_CASE },
      },
    );
  // busboy reports a malformed or cut-off body with a plain Error, which would otherwise be a 500.
  if (error instanceof Error && error.constructor === Error)
    return new AppError('validation', `the multipart body could not be read: ${error.message}`, {
      reason: 'malformed_request',
    });
  return error;
}

/** Reads the whole form into memory: at most 20 files of 10 MB, stopping at the first one past the limit. */
async function readUpload(request: FastifyRequest): Promise<{ commentId?: string; files: UploadedFile[] }> {
  if (!request.isMultipart())
    throw new AppError('unsupported_media_type', 'file: send the files as multipart/form-data', {
      field: 'file',
    });
  const files: UploadedFile[] = [];
  let commentId: string | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.fieldname === 'file') {
        if (part.type !== 'file')
          throw invalid('file', 'must be a file (a part with a filename)', 'wrong_type', {
            expected: ['file'],
          });
        files.push({ fileName: part.filename, content: await part.toBuffer() });
      } else if (part.fieldname === 'commentId') {
        if (commentId !== undefined) throw invalid('commentId', 'is given twice');
        if (part.type !== 'field' || typeof part.value !== 'string' || part.valueTruncated)
          throw invalid('commentId', 'must be the id of a comment of this case', 'invalid_id');
        commentId = part.value;
      } else {
        throw invalid(part.fieldname, 'is not a known field', 'unknown_field');
      }
    }
  } catch (error) {
    throw uploadError(error);
  }
  return { commentId: commentId || undefined, files };
}

export function attachmentRoutes(ctx: AppContext, tenancy: Tenancy): FastifyPluginAsyncTypebox {
  tenancy.ownParam('attachmentId', isPartnerAttachment);
  return async (app) => {
    // Scoped to this plugin: no other route accepts multipart bodies.
    await app.register(fastifyMultipart, {
      limits: {
        fileSize: MAX_ATTACHMENT_BYTES,
        files: MAX_ATTACHMENTS_PER_CASE,
        fields: 5,
        parts: MAX_ATTACHMENTS_PER_CASE + 5,
        fieldNameSize: 100,
        fieldSize: 100,
        headerPairs: 20,
      },
    });
    const base = '/api/v1/partners/:partnerId/cases/:caseId/attachments';
    app.post(
      base,
      {
        config: { access: { partner: 'read' } },
        schema: {
          tags,
          summary: 'Attach files to the case or one of its comments (multipart, field "file")',
          description:
            'Up to 10 MB a file and 20 a case; images (PNG, JPEG, GIF, WebP), PDF, text and logs, CSV, JSON and HAR, ' +
            'ZIP, checked by content. Too large: 413; another type: 415; the case full or closed: 409.',
          params: CaseParams,
          body: UploadForm,
          response: { 201: Type.Array(AttachmentView) },
        },
      },
      async (request, reply) => {
        const { partnerId, caseId } = request.params;
        const upload = await readUpload(request);
        return reply
          .status(201)
          .send(await addAttachments(ctx, requireActor(request), partnerId, caseId, upload));
      },
    );
    app.get(
      `${base}/:attachmentId`,
      {
        config: { access: { partner: 'read' } },
        schema: {
          tags,
          summary: 'Download a file',
          params: AttachmentParams,
          response: { 200: FileResponse },
        },
      },
      async (request, reply) => {
        const { partnerId, caseId, attachmentId } = request.params;
        const file = await getAttachment(ctx, requireActor(request), partnerId, caseId, attachmentId);
        const charset = file.contentType.startsWith('text/') ? '; charset=utf-8' : '';
        return reply
          .header('content-type', `${file.contentType}${charset}`)
          .header('content-disposition', contentDispositionFor(file.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(file.content);
      },
    );
  };
}
