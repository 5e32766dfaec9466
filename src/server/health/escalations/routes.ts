import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Tenancy } from '../../auth/tenancy.js';
import type { AppContext } from '../../context.js';

/** Escalations to partners: lists, detail, acknowledge, comments, page, disable integration, email links. */
export function healthEscalationRoutes(_ctx: AppContext, _tenancy: Tenancy): FastifyPluginAsyncTypebox {
  return async () => {};
}
