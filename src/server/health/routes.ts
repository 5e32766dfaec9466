import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/access.js';
import type { Tenancy } from '../auth/tenancy.js';
import type { AppContext } from '../context.js';
import { signalIntakeRoutes } from './intake/routes.js';
import { PartnerRulesView, PlatformRulesView, RuleOverridesBody } from './settings/schemas.js';
import {
  readPartnerRules,
  readPlatformRules,
  replacePartnerRules,
  replacePlatformRules,
} from './settings/service.js';

const PartnerParams = Type.Object({ partnerId: Type.String() });

/** Signal intake and the detection rules' settings. */
export function healthRoutes(ctx: AppContext, _tenancy: Tenancy): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(signalIntakeRoutes(ctx));

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
