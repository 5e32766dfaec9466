import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { installSpa } from './spa.js';

/** The built SPA as the server hands it out: files, client-side routes on reload, and JSON 404s for the rest. */
describe('installSpa', () => {
  let webDir: string;
  beforeAll(async () => {
    webDir = await mkdtemp(path.join(tmpdir(), 'sb-spa-'));
    await mkdir(path.join(webDir, 'assets'));
    await writeFile(path.join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(path.join(webDir, 'assets', 'app-4f2a.js'), 'console.log(1)');
    await writeFile(path.join(webDir, 'favicon.svg'), '<svg/>');
  });

  const appServing = async (dir: string) => {
    const app = Fastify();
    await installSpa(app, dir);
    return app;
  };

  it('answers a reload of a client-side route with index.html, never cached', async () => {
    const app = await appServing(webDir);
    for (const method of ['GET', 'HEAD'] as const) {
      const page = await app.inject({ method, url: '/cases/123?tab=sla' });
      expect([method, page.statusCode, page.headers['content-type'], page.headers['cache-control']]).toEqual([
        method,
        200,
        'text/html; charset=utf-8',
        'no-cache',
      ]);
    }
    expect((await app.inject({ method: 'GET', url: '/cases/123' })).body).toContain('id="root"');
    await app.close();
  });

  it('caches fingerprinted assets for a year and other files not at all', async () => {
    const app = await appServing(webDir);
    const asset = await app.inject({ method: 'GET', url: '/assets/app-4f2a.js' });
    expect([asset.statusCode, asset.body, asset.headers['cache-control']]).toEqual([
      200,
      'console.log(1)',
      'public, max-age=31536000, immutable',
    ]);
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect([icon.statusCode, icon.headers['cache-control']]).toEqual([200, 'no-cache']);
    await app.close();
  });

  it('answers the API, health, metrics and non-GET requests with a JSON 404 naming the route', async () => {
    const app = await appServing(webDir);
    for (const [method, url] of [
      ['GET', '/api/v1/nothing?x=1'],
      ['GET', '/healthz'],
      ['GET', '/metrics'],
      ['POST', '/cases/123'],
      ['DELETE', '/cases/123'],
    ] as const) {
      const response = await app.inject({ method, url });
      expect([url, response.statusCode, response.json()]).toEqual([
        url,
        404,
        { error: { code: 'not_found', message: `no route ${method} ${url.split('?')[0]}` } },
      ]);
    }
    await app.close();
  });

  it('without a build answers every unknown path with a JSON 404', async () => {
    const app = await appServing(path.join(webDir, 'assets'));
    const response = await app.inject({ method: 'GET', url: '/cases/123' });
    expect([response.statusCode, response.json().error.code]).toEqual([404, 'not_found']);
    expect((await app.inject({ method: 'GET', url: '/index.html' })).statusCode).toBe(404);
    await app.close();
  });
});
