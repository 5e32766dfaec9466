/** The one error type services throw; lib/error-handler.ts maps it to HTTP. */
export type ErrorCode =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'internal';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
};

/**
 * Why a validation error refused its field, stable across releases so clients can phrase it in the
 * user's language (the SPA's `errors.<reason>` messages; a test holds every reason to a translation).
 * `invalid` is the fallback for a rule without a reason of its own: the message then says what is wrong.
 */
export const ERROR_REASONS = [
  'invalid',
  'required',
  'unknown_field',
  'blank',
  'too_short',
  'too_long',
  'too_small',
  'too_large',
  'too_few',
  'too_many',
  'duplicate_items',
  'not_allowed',
  'wrong_type',
  'multiline',
  'unstorable_text',
  'malformed_request',
  'invalid_format',
  'invalid_email',
  'invalid_id',
  'invalid_date_time',
  'invalid_url',
  'invalid_phone',
  'invalid_country_code',
  'unknown_time_zone',
  'not_in_future',
  'in_future',
  'only_with',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

/** What a reason's message needs besides the field: `{ limit: 200 }`, `{ allowed: ['en', 'de'] }`. */
export type ErrorParams = Record<string, string | number | string[]>;

export interface ErrorDetails {
  field?: string;
  retryAfterSeconds?: number;
  reason?: ErrorReason;
  params?: ErrorParams;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalid = (field: string, message: string, reason?: ErrorReason, params?: ErrorParams) =>
  new AppError('validation', `${field}: ${message}`, { field, reason, params });
/** Used for anything the caller may not see, so existence across tenants is not revealed. */
export const notFound = (what = 'resource') => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'not allowed') => new AppError('forbidden', message);
/** `field`: the input that clashes (a name already taken), for clients to show the message beside it. */
export const conflict = (message: string, field?: string) =>
  new AppError('conflict', message, field ? { field } : {});
export const unauthenticated = (message = 'sign in required') => new AppError('unauthenticated', message);
