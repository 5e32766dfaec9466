import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError } from './errors.js';
import type { paths } from './schema.gen.js';

export { ApiError } from './errors.js';

let csrfToken: string | null = null;

/** The session's CSRF token, sent with every write; set from /auth/me and login. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The one place every call passes: the CSRF header on writes, and every failure thrown as an ApiError. */
const session: Middleware = {
  onRequest({ request }) {
    if (!READS.has(request.method) && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
  async onResponse({ response }) {
    if (!response.ok) throw await ApiError.fromResponse(response);
  },
  onError({ error }) {
    if (error instanceof Error && error.name === 'AbortError') return error;
    return ApiError.unreachable(error);
  },
};

/** The API, typed from its OpenAPI document (schema.gen.ts): `client.GET('/api/v1/partners')`. */
export const client = createClient<paths>({ credentials: 'same-origin' });
client.use(session);

/**
 * What a call answered. A failure never gets here: the middleware throws it, so TanStack Query sees
 * the ApiError rather than an `{ error }` result.
 */
export async function dataOf<T>(call: Promise<{ data?: T }>): Promise<T> {
  return (await call).data as T;
}

type UntypedRequest = (method: string, url: string, init: { body?: unknown }) => Promise<{ data?: unknown }>;

/**
 * @deprecated Untyped: call `client` with one of the API's paths instead. Kept only for the component
 * that still calls it (components/PartnerBanners.tsx); it goes through the same middleware.
 */
export function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const request = client.request as unknown as UntypedRequest;
  return dataOf(request(method.toLowerCase(), `/api/v1${path}`, { body })) as Promise<T>;
}
