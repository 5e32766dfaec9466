import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import { Timestamp } from '../lib/schema-types.js';
import { listAudit } from './service.js';

const AuditView = Type.Object({
  id: Type.Number(),
  at: Timestamp,
  actorLabel: Type.String(),
  /** The acting person's current name; null for the system, an API token or a removed account. */
  actorName: Type.Union([Type.String(), Type.Null()]),
  partnerId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  /** The people, partners, calendars, policies and cases this row mentions by id (its partner and subject too) → names. */
  names: Type.Record(Type.String(), Type.String()),
});
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 }));

export function auditRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/partners/:partnerId/audit',
      {
        config: { access: { partner: 'adminRead' } },
        schema: {
          tags: ['audit'],
          params: Type.Object({ partnerId: Type.String() }),
          querystring: Type.Object({ limit: Limit }),
          response: { 200: Type.Array(AuditView) },
        },
      },
      async (request) => listAudit(ctx, { partnerId: request.params.partnerId, limit: request.query.limit }),
    );

    app.get(
      '/api/v1/audit',
      {
        config: { access: { staff: 'any' } },
        schema: {
          tags: ['audit'],
          querystring: Type.Object({
            partnerId: Type.Optional(Type.String({ format: 'uuid' })),
            limit: Limit,
          }),
          response: { 200: Type.Array(AuditView) },
        },
      },
      async (request) => listAudit(ctx, request.query),
    );
  };
}
