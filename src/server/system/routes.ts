import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import { unauthenticated } from '../lib/errors.js';
import type { Metrics } from '../lib/metrics.js';
import { safeEqual } from '../lib/secrets.js';
import { JobView, ListJobsQuery, MetaView, RetryJobParams } from './schemas.js';
import { checkHealth, describeDeployment, listJobs, retryJob } from './service.js';

export function systemRoutes(ctx: AppContext, metrics: Metrics): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/healthz',
      { schema: { tags: ['system'] }, config: { access: { public: true } } },
      async (_request, reply) => {
        const health = await checkHealth(ctx);
        return reply.status(health.ok ? 200 : 503).send(health);
      },
    );

    app.get(
      '/metrics',
      { schema: { hide: true }, config: { access: { public: true } } },
      async (request, reply) => {
        // Unset, the endpoint stays open as scrapers expect; the README says to keep it off the public network.
        const token = ctx.config.metricsToken;
        if (token !== null && !safeEqual(request.headers.authorization ?? '', `Bearer ${token}`)) {
          reply.header('www-authenticate', 'Bearer realm="metrics"');
          throw unauthenticated('GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
        }
        reply.header('content-type', metrics.registry.contentType);
        return metrics.registry.metrics();
      },
    );

    app.get(
      '/api/v1/meta',
      { config: { access: { public: true } }, schema: { tags: ['system'], response: { 200: MetaView } } },
      async () => describeDeployment(ctx),
    );

    app.get(
      '/api/v1/jobs',
      {
        config: { access: { staff: ['admin'] } },
        schema: { tags: ['system'], querystring: ListJobsQuery, response: { 200: Type.Array(JobView) } },
      },
      async (request) => listJobs(ctx, request.query),
    );

    app.post(
      '/api/v1/jobs/:jobId/retry',
      {
        config: { access: { staff: ['admin'] } },
        schema: { tags: ['system'], params: RetryJobParams, response: { 200: JobView } },
      },
      async (request) => retryJob(ctx, request.params.jobId),
    );
  };
}
