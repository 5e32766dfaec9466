import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Tenancy } from '../auth/tenancy.js';
import type { AppContext } from '../context.js';

/** Signal intake and the detection rules' settings. */
export function healthRoutes(_ctx: AppContext, _tenancy: Tenancy): FastifyPluginAsyncTypebox {
  return async () => {};
}
