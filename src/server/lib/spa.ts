import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { apiNotFound } from './error-handler.js';

const NON_SPA_PREFIXES = ['/api/', '/healthz', '/metrics'];

/**
 * Serves the built SPA; any other GET that asks for HTML gets index.html so client-side routes such as
 * /cases/123 survive a reload. Without a build (unit tests), unknown paths are plain JSON 404s.
 */
export async function installSpa(app: FastifyInstance, webDistDir: string): Promise<void> {
  const hasBuild = existsSync(path.join(webDistDir, 'index.html'));
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: webDistDir,
      wildcard: false,
      index: false,
      setHeaders(res, filePath) {
        // Vite fingerprints everything under assets/, so those never change.
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url;
    const wantsSpa =
      hasBuild &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      !NON_SPA_PREFIXES.some((prefix) => url.startsWith(prefix));
    if (wantsSpa) {
      reply.header('cache-control', 'no-cache');
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send(apiNotFound(request.method, url));
  });
}
