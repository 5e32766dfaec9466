import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/access.js';
import type { AppContext } from '../context.js';
import { CreatePartnerBody, IntegrationView, PartnerParams, PartnerView } from './schemas.js';
import { createPartner, getPartner, listIntegrationStates, listPartners } from './service.js';

export function partnerRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/partners',
      {
        config: { access: { staff: 'any' } },
        schema: { tags: ['partners'], response: { 200: Type.Array(PartnerView) } },
      },
      async () => listPartners(ctx),
    );

    app.post(
      '/api/v1/partners',
      {
        config: { access: { staff: ['admin'] } },
        schema: { tags: ['partners'], body: CreatePartnerBody, response: { 201: PartnerView } },
      },
      async (request, reply) =>
        reply.status(201).send(await createPartner(ctx, requireActor(request), request.body)),
    );

    app.get(
      '/api/v1/partners/:partnerId',
      {
        config: { access: { partner: 'read' } },
        schema: { tags: ['partners'], params: PartnerParams, response: { 200: PartnerView } },
      },
      async (request) => getPartner(ctx, request.params.partnerId),
    );

    app.get(
      '/api/v1/integrations',
      {
        config: { access: { ingest: true } },
        schema: { tags: ['integrations'], response: { 200: Type.Array(IntegrationView) } },
      },
      async () => listIntegrationStates(ctx),
    );
  };
}
