import { randomUUID } from 'node:crypto';
import type { Actor } from '../../src/server/auth/actor.js';
import { type SessionUser, toSessionUser } from '../../src/server/auth/sessions.js';
import type { TokenScope } from '../../src/shared/tokens.js';

/** A user as a service sees them when called directly, without a session. */
export const userActor = (user: Parameters<typeof toSessionUser>[0]): Actor & { user: SessionUser } => ({
  kind: 'user',
  user: toSessionUser(user),
  sessionIdHash: 'x',
  csrfToken: 'x',
});

/** An API token as a service sees it; the id names no stored token. */
export const tokenActor = (
  name: string,
  partnerId: string | null,
  scope: TokenScope = 'partner_api',
): Actor & { kind: 'token' } => ({ kind: 'token', token: { id: randomUUID(), name, scope, partnerId } });
