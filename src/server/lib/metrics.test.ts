import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.js';

/** The metrics one app exposes, read from its own registry (system/http.test.ts reads them over HTTP). */
describe('createMetrics', () => {
  const sampleOf = (text: string, prefix: string) => {
    const line = text.split('\n').find((l) => l.startsWith(prefix));
    return line === undefined ? undefined : Number(line.split(' ').at(-1));
  };

  it('times requests in seconds by method, route pattern and status, in its own buckets', async () => {
    const metrics = createMetrics();
    const app = Fastify();
    metrics.instrument(app);
    app.get('/things/:id', async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { ok: true };
    });
    await app.inject({ method: 'GET', url: '/things/1' });
    await app.inject({ method: 'GET', url: '/things/2' });
    await app.inject({ method: 'GET', url: '/nowhere' });
    const text = await metrics.registry.metrics();
    const route = 'method="GET",route="/things/:id",status="200"';
    expect(sampleOf(text, `http_request_duration_seconds_count{${route}}`)).toBe(2);
    // Two waits of 30 ms: seconds, not milliseconds.
    const sum = sampleOf(text, `http_request_duration_seconds_sum{${route}}`) ?? 0;
    expect(sum).toBeGreaterThan(0.05);
    expect(sum).toBeLessThan(5);
    expect(sampleOf(text, `http_request_duration_seconds_bucket{le="0.025",${route}}`)).toBe(0);
    expect(sampleOf(text, `http_request_duration_seconds_bucket{le="8",${route}}`)).toBe(2);
    expect(
      sampleOf(text, 'http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}'),
    ).toBe(1);
    expect(text).toContain('process_cpu_user_seconds_total');
    await app.close();
  });

  it('counts finished jobs by name and outcome', async () => {
    const metrics = createMetrics();
    metrics.recordJob('mail.send', 'done');
    metrics.recordJob('mail.send', 'done');
    metrics.recordJob('mail.send', 'failed');
    const text = await metrics.registry.metrics();
    expect(sampleOf(text, 'jobs_finished_total{job="mail.send",outcome="done"}')).toBe(2);
    expect(sampleOf(text, 'jobs_finished_total{job="mail.send",outcome="failed"}')).toBe(1);
  });

  it('keeps each app’s figures apart', async () => {
    const [one, other] = [createMetrics(), createMetrics()];
    one.recordJob('mail.send', 'done');
    expect(await other.registry.metrics()).not.toContain('jobs_finished_total{');
  });
});
