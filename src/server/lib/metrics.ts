import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { JobOutcome } from './job-worker.js';

/** One registry per app, so several apps in one test process do not collide. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 8],
    registers: [registry],
  });
  const jobsFinished = new Counter({
    name: 'jobs_finished_total',
    help: 'Job runs by name and outcome',
    labelNames: ['job', 'outcome'],
    registers: [registry],
  });
  return {
    registry,
    recordJob: (job: string, outcome: JobOutcome) => jobsFinished.inc({ job, outcome }),
    instrument(app: FastifyInstance) {
      app.addHook('onResponse', async (request, reply) => {
        // The route pattern, not the raw URL, keeps label cardinality bounded.
        const route = request.routeOptions.url ?? 'unmatched';
        httpDuration.observe(
          { method: request.method, route, status: String(reply.statusCode) },
          reply.elapsedTime / 1000,
        );
      });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
