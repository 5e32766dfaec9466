import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Tenancy } from '../../auth/tenancy.js';
import type { AppContext } from '../../context.js';

/** Health over time for the partner Health page and the staff overview. */
export function healthDashboardRoutes(_ctx: AppContext, _tenancy: Tenancy): FastifyPluginAsyncTypebox {
  return async () => {};
}
