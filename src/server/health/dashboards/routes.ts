import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Tenancy } from '../../auth/tenancy.js';
import type { AppContext } from '../../context.js';
import { HealthOverview, HealthQuery, OverviewQuery, PartnerHealthView, PartnerParams } from './schemas.js';
import { readHealthOverview, readPartnerHealth } from './service.js';

const tags = ['health'];

/** Health over time for the partner Health page and the staff overview. */
export function healthDashboardRoutes(ctx: AppContext, _tenancy: Tenancy): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/partners/:partnerId/health',
      {
        config: { access: { partner: 'read' } },
        schema: {
          tags,
          summary: 'Calls, feeds and merchants over a range, in steps a chart can draw',
          params: PartnerParams,
          querystring: HealthQuery,
          response: { 200: PartnerHealthView },
        },
      },
      async (request) => readPartnerHealth(ctx, request.params.partnerId, request.query.range ?? '24h'),
    );
    app.get(
      '/api/v1/health/overview',
      {
        config: { access: { staff: 'any' } },
        schema: {
          tags,
          summary: 'Every partner ranked worst first, with a 24-hour sparkline',
          querystring: OverviewQuery,
          response: { 200: HealthOverview },
        },
      },
      async (request) => readHealthOverview(ctx, request.query),
    );
  };
}
