import { and, desc, eq, isNull } from 'drizzle-orm';
import type { TokenScope } from '../../shared/tokens.js';
import { recordAudit } from '../audit/service.js';
import type { Actor, TokenActor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { apiTokens } from '../db/schema/index.js';
import { notFound } from '../lib/errors.js';
import { randomSecret, sha256 } from '../lib/secrets.js';

const PREFIX_BY_SCOPE: Record<TokenScope, string> = { partner_api: 'sbp', ingest: 'sbi' };

const tokenColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  scope: apiTokens.scope,
  partnerId: apiTokens.partnerId,
  tokenPrefix: apiTokens.tokenPrefix,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

/** Creates a token; the secret is returned here once and only its hash is kept. */
export async function createToken(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; scope: TokenScope; partnerId: string | null },
) {
  const secret = `${PREFIX_BY_SCOPE[input.scope]}_${randomSecret()}`;
  return ctx.db.transaction(async (tx) => {
    const [token] = await tx
      .insert(apiTokens)
      .values({
        name: input.name,
        scope: input.scope,
        partnerId: input.partnerId,
        tokenHash: sha256(secret),
        tokenPrefix: secret.slice(0, 10),
        createdByUserId: actor.kind === 'user' ? actor.user.id : null,
        createdAt: ctx.clock.now(),
      })
      .returning(tokenColumns);
    if (!token) throw new Error('token insert returned nothing');
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: input.partnerId,
      action: 'token.created',
      subjectType: 'api_token',
      subjectId: token.id,
      after: { name: token.name, scope: token.scope },
    });
    return { ...token, secret };
  });
}

export function listTokens(ctx: AppContext, filter: { scope: TokenScope; partnerId: string | null }) {
  const partner =
    filter.partnerId === null ? isNull(apiTokens.partnerId) : eq(apiTokens.partnerId, filter.partnerId);
  return ctx.db
    .select(tokenColumns)
    .from(apiTokens)
    .where(and(eq(apiTokens.scope, filter.scope), partner))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeToken(
  ctx: AppContext,
  actor: Actor,
  where: { tokenId: string; scope: TokenScope; partnerId: string | null },
): Promise<void> {
  const partner =
    where.partnerId === null ? isNull(apiTokens.partnerId) : eq(apiTokens.partnerId, where.partnerId);
  await ctx.db.transaction(async (tx) => {
    const [token] = await tx
      .update(apiTokens)
      .set({ revokedAt: ctx.clock.now() })
      .where(
        and(
          eq(apiTokens.id, where.tokenId),
          eq(apiTokens.scope, where.scope),
          partner,
          isNull(apiTokens.revokedAt),
        ),
      )
      .returning(tokenColumns);
    if (!token) throw notFound('token');
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: where.partnerId,
      action: 'token.revoked',
      subjectType: 'api_token',
      subjectId: token.id,
      before: { name: token.name, revokedAt: null },
      after: { name: token.name, revokedAt: token.revokedAt },
    });
  });
}

/** The token behind a Bearer secret, or null if unknown or revoked. */
export async function authenticateToken(ctx: AppContext, secret: string): Promise<TokenActor | null> {
  const [token] = await ctx.db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scope: apiTokens.scope,
      partnerId: apiTokens.partnerId,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sha256(secret)), isNull(apiTokens.revokedAt)));
  if (!token) return null;
  const now = ctx.clock.now();
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await ctx.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, token.id));
  }
  const { lastUsedAt: _used, ...actor } = token;
  return actor;
}
