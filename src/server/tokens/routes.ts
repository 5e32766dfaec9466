import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/access.js';
import { ownedByPartner, type Tenancy } from '../auth/tenancy.js';
import type { AppContext } from '../context.js';
import { apiTokens } from '../db/schema/index.js';
import { NullableTimestamp, Timestamp } from '../lib/schema-types.js';
import { PartnerParams } from '../partners/schemas.js';
import { createToken, listTokens, revokeToken } from './service.js';

const TokenView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  scope: Type.String(),
  partnerId: Type.Union([Type.String(), Type.Null()]),
  tokenPrefix: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: NullableTimestamp,
  revokedAt: NullableTimestamp,
});
const CreatedTokenView = Type.Intersect([TokenView, Type.Object({ secret: Type.String() })]);
const CreateTokenBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
const PartnerTokenParams = Type.Object({ partnerId: Type.String(), tokenId: Type.String() });
const IngestTokenParams = Type.Object({ tokenId: Type.String({ format: 'uuid' }) });

export function tokenRoutes(ctx: AppContext, tenancy: Tenancy): FastifyPluginAsyncTypebox {
  tenancy.ownParam('tokenId', ownedByPartner(apiTokens));

  return async (app) => {
    app.get(
      '/api/v1/partners/:partnerId/tokens',
      {
        config: { access: { partner: 'manage' } },
        schema: { tags: ['tokens'], params: PartnerParams, response: { 200: Type.Array(TokenView) } },
      },
      async (request) => listTokens(ctx, { scope: 'partner_api', partnerId: request.params.partnerId }),
    );

    app.post(
      '/api/v1/partners/:partnerId/tokens',
      {
        config: { access: { partner: 'manage' } },
        schema: {
          tags: ['tokens'],
          params: PartnerParams,
          body: CreateTokenBody,
          response: { 201: CreatedTokenView },
        },
      },
      async (request, reply) => {
        const input = {
          name: request.body.name,
          scope: 'partner_api' as const,
          partnerId: request.params.partnerId,
        };
        return reply.status(201).send(await createToken(ctx, requireActor(request), input));
      },
    );

    app.delete(
      '/api/v1/partners/:partnerId/tokens/:tokenId',
      { config: { access: { partner: 'manage' } }, schema: { tags: ['tokens'], params: PartnerTokenParams } },
      async (request, reply) => {
        const { partnerId, tokenId } = request.params;
        await revokeToken(ctx, requireActor(request), { tokenId, scope: 'partner_api', partnerId });
        return reply.status(204).send();
      },
    );

    app.get(
      '/api/v1/ingest-tokens',
      {
        config: { access: { staff: ['admin'] } },
        schema: { tags: ['tokens'], response: { 200: Type.Array(TokenView) } },
      },
      async () => listTokens(ctx, { scope: 'ingest', partnerId: null }),
    );

    app.post(
      '/api/v1/ingest-tokens',
      {
        config: { access: { staff: ['admin'] } },
        schema: { tags: ['tokens'], body: CreateTokenBody, response: { 201: CreatedTokenView } },
      },
      async (request, reply) => {
        const input = { name: request.body.name, scope: 'ingest' as const, partnerId: null };
        return reply.status(201).send(await createToken(ctx, requireActor(request), input));
      },
    );

    app.delete(
      '/api/v1/ingest-tokens/:tokenId',
      { config: { access: { staff: ['admin'] } }, schema: { tags: ['tokens'], params: IngestTokenParams } },
      async (request, reply) => {
        await revokeToken(ctx, requireActor(request), {
          tokenId: request.params.tokenId,
          scope: 'ingest',
          partnerId: null,
        });
        return reply.status(204).send();
      },
    );
  };
}
