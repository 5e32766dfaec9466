import Fastify, { type FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { AppContext } from '../context.js';
import { AppError } from '../lib/errors.js';
import { installAccessControl, requireActor } from './access.js';
import type { Actor } from './actor.js';
import { createTenancy } from './tenancy.js';

// The hook's bookkeeping on a bare Fastify: routes are declared without a database, and public routes never
// look one up.
function bareApp() {
  const app = Fastify();
  const tenancy = createTenancy();
  const catalogue = installAccessControl(app, {} as AppContext, tenancy);
  return { app, tenancy, catalogue };
}
const ok = async () => ({});

describe('access control hook', () => {
  it('catalogues every method of each /api/v1 route with its access, leaving out HEAD and other paths', () => {
    const { app, tenancy, catalogue } = bareApp();
    app.get('/api/v1/meta', { config: { access: { public: true } } }, ok);
    app.route({
      method: ['PUT', 'DELETE'],
      url: '/api/v1/partners/:partnerId/widgets/:widgetId',
      config: { access: { partner: 'manage' } },
      handler: ok,
    });
    app.get('/api/v1/widgets', { config: { access: { staff: ['admin'] } } }, ok);
    app.get('/healthz', ok);

    expect(catalogue).toEqual([
      { method: 'GET', url: '/api/v1/meta', access: { public: true } },
      { method: 'PUT', url: '/api/v1/partners/:partnerId/widgets/:widgetId', access: { partner: 'manage' } },
      {
        method: 'DELETE',
        url: '/api/v1/partners/:partnerId/widgets/:widgetId',
        access: { partner: 'manage' },
      },
      { method: 'GET', url: '/api/v1/widgets', access: { staff: ['admin'] } },
    ]);
    // Only partner routes go to the tenancy wall, whose boot check then wants an owner for :widgetId.
    expect(tenancy.routes).toEqual(['/api/v1/partners/:partnerId/widgets/:widgetId']);
  });

  it('refuses to declare an API route without config.access, naming it', () => {
    const { app } = bareApp();
    expect(() => app.get('/api/v1/forgotten', ok)).toThrow(
      'route GET /api/v1/forgotten declares no config.access',
    );
    expect(() => app.post('/api/v1/forgotten', { config: {} }, ok)).toThrow(
      'route POST /api/v1/forgotten declares no config.access',
    );
  });

  it('leaves public routes without an actor', async () => {
    const { app } = bareApp();
    app.get('/api/v1/whoami', { config: { access: { public: true } } }, async (request) => ({
      actor: request.actor,
    }));
    const response = await app.inject({ method: 'GET', url: '/api/v1/whoami' });
    expect(response.json()).toEqual({ actor: null });
  });

  it('requireActor answers 401 where nobody is signed in and hands back the actor otherwise', () => {
    const unauthenticated = (() => {
      try {
        requireActor({ actor: null } as FastifyRequest);
      } catch (error) {
        return error;
      }
    })();
    expect(unauthenticated).toBeInstanceOf(AppError);
    expect(unauthenticated).toMatchObject({ code: 'unauthenticated', message: 'sign in required' });
    const actor: Actor = {
      kind: 'token',
      token: { id: 't', name: 'sync', scope: 'ingest', partnerId: null },
    };
    expect(requireActor({ actor } as FastifyRequest)).toBe(actor);
  });
});
