import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type ErrorParams, type ErrorReason, STATUS_BY_CODE } from './errors.js';

export interface ValidationIssue {
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

interface Reasoned {
  reason: ErrorReason;
  params?: ErrorParams;
}

const FORMAT_REASONS: Record<string, ErrorReason> = {
  email: 'invalid_email',
  uuid: 'invalid_id',
  'date-time': 'invalid_date_time',
};

/**
 * The schemas' patterns by what they stand for, so a user reads "must be an http(s) URL" rather than a
 * regular expression. A pattern missing here is an `invalid_format`; tests pin the ones forms use.
 */
const PATTERN_REASONS: Record<string, ErrorReason> = {
  '^(https?://.+)?$': 'invalid_url',
  '^[+0-9 ()./-]*$': 'invalid_phone',
  '^[A-Za-z]{2}$': 'invalid_country_code',
};

const limit = (reason: ErrorReason) => (issue: ValidationIssue) => ({
  reason,
  params: { limit: Number(issue.params.limit) },
});

/** Each Ajv keyword's reason and parameters; a keyword missing here is the fallback, `invalid`. */
const REASON_BY_KEYWORD: Record<string, (issue: ValidationIssue) => Reasoned> = {
  required: () => ({ reason: 'required' }),
  additionalProperties: () => ({ reason: 'unknown_field' }),
  // Strings are trimmed first, so a minimum of one character refuses a blank answer.
  minLength: (issue) => (Number(issue.params.limit) <= 1 ? { reason: 'blank' } : limit('too_short')(issue)),
  maxLength: limit('too_long'),
  minimum: limit('too_small'),
  maximum: limit('too_large'),
  minItems: limit('too_few'),
  maxItems: limit('too_many'),
  uniqueItems: () => ({ reason: 'duplicate_items' }),
  singleLine: () => ({ reason: 'multiline' }),
  format: (issue) => {
    const format = String(issue.params.format);
    return FORMAT_REASONS[format]
      ? { reason: FORMAT_REASONS[format] }
      : { reason: 'invalid_format', params: { format } };
  },
  pattern: (issue) => {
    const pattern = String(issue.params.pattern);
    return PATTERN_REASONS[pattern]
      ? { reason: PATTERN_REASONS[pattern] }
      : { reason: 'invalid_format', params: { pattern } };
  },
};

/** The values an enum or const issue allows, as text. */
function allowedBy(issue: ValidationIssue): string[] {
  if (issue.keyword === 'const') return [String(issue.params.allowedValue)];
  return (issue.params.allowedValues as unknown[]).map(String);
}

/**
 * The reason for the first issue. A union (`anyOf`) reports one issue per branch at the same path, so
 * its allowed values and expected types are gathered from all of them: `'a' | 'b'` allows both.
 */
export function reasonOf(issues: ValidationIssue[]): Reasoned {
  const [first] = issues;
  if (!first) return { reason: 'invalid' };
  const siblings = issues.filter((issue) => issue.instancePath === first.instancePath);
  if (first.keyword === 'enum' || first.keyword === 'const') {
    const choices = siblings.filter((issue) => issue.keyword === 'enum' || issue.keyword === 'const');
    return { reason: 'not_allowed', params: { allowed: [...new Set(choices.flatMap(allowedBy))] } };
  }
  if (first.keyword === 'type') {
    const types = siblings.filter((issue) => issue.keyword === 'type').flatMap((issue) => issue.params.type);
    return { reason: 'wrong_type', params: { expected: [...new Set(types.map(String))] } };
  }
  return REASON_BY_KEYWORD[first.keyword]?.(first) ?? { reason: 'invalid' };
}

/** A schema check's issues (at least one) as the error naming the first one's field. */
export function validationError(issues: ValidationIssue[], where: string): AppError {
  const issue = issues[0] as ValidationIssue;
  const field = fieldOf(issue);
  return new AppError('validation', `${where}.${field} ${messageOf(issue)}`, { field, ...reasonOf(issues) });
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
  if (error.validation && error.validation.length > 0)
    return validationError(error.validation as ValidationIssue[], error.validationContext ?? 'body');
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
  const code = byStatus[status] ?? 'validation';
  // A body that is not JSON, an empty JSON body, a bad content length: nothing a field could fix.
  return new AppError(code, error.message, code === 'validation' ? { reason: 'malformed_request' } : {});
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  field?: string;
  reason?: ErrorReason;
  params?: ErrorParams;
}

/** Every validation error carries a reason, `invalid` when the code that raised it gave none. */
export function bodyOf(appError: AppError): ErrorBody {
  const { field, reason, params } = appError.details;
  const body: ErrorBody = { code: appError.code, message: appError.message };
  if (field) body.field = field;
  if (reason || appError.code === 'validation') body.reason = reason ?? 'invalid';
  if (params && Object.keys(params).length > 0) body.params = params;
  return body;
}

/**
 * The one place errors become HTTP: `{ error: { code, message, field?, reason?, params? } }`, 5xx
 * details only in the log.
 */
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
      : new AppError('validation', 'the URL is not valid: it does not decode as UTF-8', {
          field: '(url)',
          reason: 'malformed_request',
        });
  return reply.status(STATUS_BY_CODE[appError.code]).send({ error: bodyOf(appError) });
}

export function apiNotFound(method: string, url: string) {
  return { error: { code: 'not_found' as const, message: `no route ${method} ${url.split('?')[0]}` } };
}
