import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, STATUS_BY_CODE } from './errors.js';

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** "body/contacts/0/email" → "contacts.0.email"; a missing or unknown property names itself. */
function fieldOf(issue: ValidationIssue): string {
  const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const named = issue.params.missingProperty ?? issue.params.additionalProperty ?? '';
  return [path, String(named)].filter(Boolean).join('.') || '(root)';
}

function messageOf(issue: ValidationIssue): string {
  if (issue.keyword === 'additionalProperties') return 'is not a known field';
  if (issue.keyword === 'required') return 'is required';
  return issue.message ?? 'is invalid';
}

/** PostgreSQL's unique_violation, from pg or PGlite, possibly wrapped by Drizzle as the error's cause. */
function isUniqueViolation(error: unknown): boolean {
  for (
    let current = error;
    current instanceof Error;
    current = (current as Error & { cause?: unknown }).cause
  ) {
    if ((current as Error & { code?: string }).code === '23505') return true;
  }
  return false;
}

function fromFastifyError(error: FastifyError): AppError | null {
  // A race between a service's "does it exist?" check and its insert ends at the database's unique index.
  if (isUniqueViolation(error)) return new AppError('conflict', 'this already exists; reload and try again');
  if (error.validation && error.validation.length > 0) {
    const issue = error.validation[0] as ValidationIssue;
    const field = fieldOf(issue);
    const where = error.validationContext ?? 'body';
    return new AppError('validation', `${where}.${field} ${messageOf(issue)}`, { field });
  }
  const status = error.statusCode ?? 500;
  if (status >= 500) return null;
  const byStatus: Record<number, ErrorCode> = {
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
  };
  return new AppError(byStatus[status] ?? 'validation', error.message);
}

function bodyOf(appError: AppError): { code: ErrorCode; message: string; field?: string } {
  const body: { code: ErrorCode; message: string; field?: string } = {
    code: appError.code,
    message: appError.message,
  };
  if (appError.details.field) body.field = appError.details.field;
  return body;
}

/** The one place errors become HTTP: `{ error: { code, message, field? } }`, 5xx details only in the log. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = error instanceof AppError ? error : fromFastifyError(error);
    if (!appError) {
      request.log.error({ err: error }, 'unhandled error');
      return reply.status(500).send({
        error: { code: 'internal', message: `internal error; quote request id ${request.id}` },
      });
    }
    if (appError.details.retryAfterSeconds)
      reply.header('retry-after', String(appError.details.retryAfterSeconds));
    return reply.status(STATUS_BY_CODE[appError.code]).send({ error: bodyOf(appError) });
  });
}

/**
 * Errors Fastify raises before routing (a URL that does not decode, a path parameter past its length
 * limit), answered in the same shape as every other error instead of Fastify's own.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const appError =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new AppError('not_found', 'no such resource: a path parameter is longer than any id')
      : new AppError('validation', 'the URL is not valid: it does not decode as UTF-8', { field: '(url)' });
  return reply.status(STATUS_BY_CODE[appError.code]).send({ error: bodyOf(appError) });
}

export function apiNotFound(method: string, url: string) {
  return { error: { code: 'not_found' as const, message: `no route ${method} ${url.split('?')[0]}` } };
}
