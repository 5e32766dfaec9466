import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/access.js';
import type { Tenancy } from '../auth/tenancy.js';
import type { AppContext } from '../context.js';
import { IntakeReceipt, SignalBatch } from './intake/schemas.js';
import { ingestSignals } from './intake/service.js';
import { PartnerRulesView, PlatformRulesView, RuleOverridesBody } from './settings/schemas.js';
import {
  readPartnerRules,
  readPlatformRules,
  replacePartnerRules,
  replacePlatformRules,
} from './settings/service.js';

/** 10,000 events of a few hundred bytes each, with room to spare. */
const SIGNALS_BODY_LIMIT = 16 * 1024 * 1024;
const PartnerParams = Type.Object({ partnerId: Type.String() });

/** Signal intake and the detection rules' settings. */
export function healthRoutes(ctx: AppContext, _tenancy: Tenancy): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/signals',
      {
        config: { access: { ingest: true } },
        bodyLimit: SIGNALS_BODY_LIMIT,
        schema: {
          tags: ['health'],
          summary: 'Fulfillment calls, feed ingestions and merchants serving, merged into per-minute buckets',
          body: SignalBatch,
          response: { 202: IntakeReceipt },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const sender = actor.kind === 'token' ? `token:${actor.token.id}` : `user:${actor.user.id}`;
        return reply.status(202).send(await ingestSignals(ctx, sender, request.body.events));
      },
    );

    app.get(
      '/api/v1/health-rules',
      {
        config: { access: { staff: 'any' } },
        schema: { tags: ['health'], response: { 200: PlatformRulesView } },
      },
      async () => readPlatformRules(ctx),
    );
    app.put(
      '/api/v1/health-rules',
      {
        config: { access: { staff: ['admin'] } },
        schema: { tags: ['health'], body: RuleOverridesBody, response: { 200: PlatformRulesView } },
      },
      async (request) => replacePlatformRules(ctx, requireActor(request), request.body),
    );
    app.get(
      '/api/v1/partners/:partnerId/health-rules',
      {
        config: { access: { partner: 'read' } },
        schema: { tags: ['health'], params: PartnerParams, response: { 200: PartnerRulesView } },
      },
      async (request) => readPartnerRules(ctx, request.params.partnerId),
    );
    app.put(
      '/api/v1/partners/:partnerId/health-rules',
      {
        config: { access: { staff: ['admin'] } },
        schema: {
          tags: ['health'],
          params: PartnerParams,
          body: RuleOverridesBody,
          response: { 200: PartnerRulesView },
        },
      },
      async (request) =>
        replacePartnerRules(ctx, requireActor(request), request.params.partnerId, request.body),
    );
  };
}
