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

/** The part of an actor an audit row or a message needs; every Actor is one. */
export type ActingParty =
  | { kind: 'user'; user: { id: string; email: string } }
  | { kind: 'token'; token: { id: string; name: string } }
  | null;

export function actorLabel(actor: ActingParty): string {
  if (!actor) return 'system';
  return actor.kind === 'user' ? actor.user.email : `token:${actor.token.name}`;
}
