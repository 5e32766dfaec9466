import type { TokenScope } from '../../shared/tokens.js';
import type { SessionUser } from './sessions.js';

/** Who is making a request: a signed-in user (cookie session) or an API token (Bearer). */
export type Actor =
  | { kind: 'user'; user: SessionUser; sessionIdHash: string; csrfToken: string }
  | { kind: 'token'; token: TokenActor };

export interface TokenActor {
  id: string;
  name: string;
  scope: TokenScope;
  partnerId: string | null;
}

export function actorLabel(actor: Actor | null): string {
  if (!actor) return 'system';
  return actor.kind === 'user' ? actor.user.email : `token:${actor.token.name}`;
}
