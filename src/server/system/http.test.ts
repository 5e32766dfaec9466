import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { signedInUser } from '../../../tests/support/factories.js';
import { createTestApp, useTestApp } from '../../../tests/support/test-app.js';

let webDir: string;
beforeAll(async () => {
  webDir = await mkdtemp(path.join(tmpdir(), 'sb-web-'));
  await writeFile(path.join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
});

describeEachDatabase('HTTP surface', (kind) => {
  const t = useTestApp(kind, { config: { bodyLimitBytes: 4096 } });

  it('reports health with the database checked', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, database: 'up' });
  });

  it('exposes Prometheus metrics including request timings', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    expect(response.body).toContain('process_cpu_user_seconds_total');
  });

  it('labels request timings by route pattern, in seconds, and a path no route has as unmatched', async () => {
    const metric = async (labels: string) => {
      const body = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      const line = body.split('\n').find((l) => l.startsWith(`http_request_duration_seconds_${labels}`));
      return line === undefined ? undefined : Number(line.split(' ').at(-1));
    };
    const id = '00000000-0000-4000-8000-000000000000';
    await t.app.inject({ method: 'GET', url: `/api/v1/pages/${id}` });
    await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(await metric('count{method="GET",route="/api/v1/pages/:pageId",status="401"}')).toBe(1);
    expect(await metric('count{method="GET",route="unmatched",status="404"}')).toBe(1);
    // One quick request's time, in seconds: far under a second, as milliseconds would not be.
    expect(await metric('sum{method="GET",route="unmatched",status="404"}')).toBeLessThan(1);
    expect(await metric('bucket{le="8",method="GET",route="unmatched",status="404"}')).toBe(1);
  });

  it('requires METRICS_TOKEN as a bearer token when it is set', async () => {
    const guarded = await createTestApp(kind, { config: { metricsToken: 'scrape-secret-123' } });
    try {
      const anonymous = await guarded.app.inject({ method: 'GET', url: '/metrics' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().error.code).toBe('unauthenticated');
      const wrong = await guarded.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer scrape-secret-124' },
      });
      expect(wrong.statusCode).toBe(401);
      const right = await guarded.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer scrape-secret-123' },
      });
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain('process_cpu_user_seconds_total');
    } finally {
      await guarded.close();
    }
  });

  it('serves OpenAPI 3 with the API routes, and a docs page', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/partners/{partnerId}']),
    );
    expect(spec.paths['/api/v1/auth/login'].post.requestBody).toBeDefined();
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('names the invalid field in a 400', async () => {
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a@example.test' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'validation', field: 'password' });
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'not-an-email', password: 'x' },
    });
    expect(malformed.json().error).toMatchObject({ code: 'validation', field: 'email' });
    expect(malformed.json().error.message).toContain('email');
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(broken.statusCode).toBe(400);
  });

  it('rejects a body over the limit with 413', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a@example.test', password: 'x'.repeat(5000) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });

  it('sets security headers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lists failed jobs to admins only', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    const agent = await signedInUser(t, { role: 'support_agent' });
    expect((await admin.request({ method: 'GET', url: '/api/v1/jobs?status=failed' })).statusCode).toBe(200);
    expect((await agent.request({ method: 'GET', url: '/api/v1/jobs?status=failed' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/jobs' })).statusCode).toBe(401);
  });

  it('hides internal errors behind a request id', async () => {
    const broken = await createTestApp(kind);
    const admin = await signedInUser(broken, { role: 'admin' });
    await broken.database.close();
    const response = await admin.request({ method: 'GET', url: '/api/v1/partners' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: {
        code: 'internal',
        message: `internal error; quote request id ${response.headers['x-request-id']}`,
      },
    });
    await broken.app.close();
  });

  it("keeps a failed query's SQL and session hash out of a 500", async () => {
    const broken = await createTestApp(kind);
    const admin = await signedInUser(broken, { role: 'admin' });
    await broken.ctx.db.execute(sql`alter table partners rename to partners_gone`);
    const response = await admin.request({ method: 'GET', url: '/api/v1/partners' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: {
        code: 'internal',
        message: `internal error; quote request id ${response.headers['x-request-id']}`,
      },
    });
    await broken.close();
  });

  it('serves the SPA for client-side routes on a fresh page load', async () => {
    const withWeb = await createTestApp(kind, { webDir });
    const page = await withWeb.app.inject({ method: 'GET', url: '/cases/123' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('id="root"');
    expect((await withWeb.app.inject({ method: 'GET', url: '/api/v1/no-such-thing/123' })).statusCode).toBe(
      404,
    );
    await withWeb.close();
  });
});
