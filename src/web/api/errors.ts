import i18n from '../i18n/index.js';

/** The server's error body: `{ error: { code, message, field?, reason?, params? } }` (see lib/errors.ts). */
export interface ApiErrorBody {
  code: string;
  message: string;
  field?: string;
  reason?: string;
  params?: Record<string, string | number | string[]>;
}

/** Codes whose own message says too little without the server's words (which thing clashed, which id). */
const WITH_DETAIL = new Set(['conflict', 'forbidden', 'not_found', 'internal', 'unknown']);

/**
 * A failed API call: the server's error, or `unreachable` when no answer came (status 0). `message` is
 * in the user's language, so anything that shows `error.message` is translated; the server's own
 * (English) words stay in `serverMessage` for support.
 */
export class ApiError extends Error {
  readonly code: string;
  readonly field?: string;
  readonly reason?: string;
  readonly params: Record<string, string | number | string[]>;
  readonly serverMessage: string;

  constructor(
    readonly status: number,
    body: ApiErrorBody,
    readonly retryAfterSeconds?: number,
  ) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.field = body.field;
    this.reason = body.reason;
    this.params = body.params ?? {};
    this.serverMessage = body.message;
    this.message = describeError(this).text;
  }

  static async fromResponse(response: Response): Promise<ApiError> {
    const data = await response.json().catch(() => null);
    const body: Partial<ApiErrorBody> = data?.error ?? {};
    return new ApiError(
      response.status,
      { ...body, code: body.code ?? 'unknown', message: body.message ?? response.statusText },
      Number(response.headers.get('retry-after')) || undefined,
    );
  }

  /** The browser got no answer at all: offline, server down, blocked ("Failed to fetch"). */
  static unreachable(cause: unknown): ApiError {
    const error = new ApiError(0, { code: 'unreachable', message: String(cause) });
    error.cause = cause;
    return error;
  }
}

/** Parameters as the user's language writes them: numbers grouped, lists joined with "or". */
function localised(params: ApiError['params']): Record<string, string> {
  const language = i18n.language;
  const list = new Intl.ListFormat(language, { type: 'disjunction' });
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      Array.isArray(value)
        ? list.format(value)
        : typeof value === 'number'
          ? value.toLocaleString(language)
          : value,
    ]),
  );
}

export interface ErrorDescription {
  /** What happened, in the user's language. */
  text: string;
  /** The server's own words, when the translation alone would leave out which thing it was about. */
  detail?: string;
}

/**
 * A failure in the user's language. `label` is how the form calls the field the error names; without
 * one, the API's field name stands in.
 */
export function describeError(error: unknown, label?: string): ErrorDescription {
  if (!(error instanceof ApiError)) return { text: error instanceof Error ? error.message : String(error) };
  const t = i18n.t.bind(i18n);
  if (error.code === 'unreachable') return { text: t('errors.unreachable') };
  if (error.reason) {
    const known = error.reason !== 'invalid' && i18n.exists(`errors.${error.reason}`);
    const field = label ?? (error.field?.startsWith('(') ? '' : (error.field ?? ''));
    return known
      ? { text: t(`errors.${error.reason}`, { ...localised(error.params), field }) }
      : { text: t('errors.invalid', { field }), detail: error.serverMessage };
  }
  const detail = WITH_DETAIL.has(error.code) ? error.serverMessage : undefined;
  if (error.code === 'rate_limited') {
    return {
      text: t('errors.code.rate_limited', { minutes: Math.ceil((error.retryAfterSeconds ?? 60) / 60) }),
    };
  }
  if (i18n.exists(`errors.code.${error.code}`)) return { text: t(`errors.code.${error.code}`), detail };
  return { text: t('errors.unexpected', { status: error.status }), detail };
}
