import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { requireActor } from './access.js';
import { setDeviceCookie, setSessionCookie } from './cookie.js';
import { DEVICE_COOKIE } from './device-trust.js';
import { LoginBody, ProfileBody, SessionView, UserView } from './schemas.js';
import { login, logout, updateProfile } from './service.js';
import { SESSION_COOKIE } from './sessions.js';

function sessionUser(request: FastifyRequest) {
  const actor = requireActor(request);
  if (actor.kind !== 'user') throw new Error('signedIn access guarantees a user');
  return actor;
}

export function authRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/auth/login',
      {
        config: { access: { public: true } },
        schema: { tags: ['auth'], body: LoginBody, response: { 200: SessionView } },
      },
      async (request, reply) => {
        const result = await login(ctx, {
          ...request.body,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          deviceToken: request.cookies[DEVICE_COOKIE] ?? null,
        });
        setSessionCookie(request, reply, result.token, ctx.config.sessionMaxHours * 3600);
        setDeviceCookie(request, reply, result.deviceToken);
        return { user: result.user, csrfToken: result.csrfToken };
      },
    );

    app.post(
      '/api/v1/auth/logout',
      { config: { access: { signedIn: true } }, schema: { tags: ['auth'] } },
      async (request, reply) => {
        await logout(ctx, sessionUser(request).sessionIdHash);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send();
      },
    );

    app.get(
      '/api/v1/auth/me',
      { config: { access: { signedIn: true } }, schema: { tags: ['auth'], response: { 200: SessionView } } },
      async (request) => {
        const actor = sessionUser(request);
        return { user: actor.user, csrfToken: actor.csrfToken };
      },
    );

    app.patch(
      '/api/v1/auth/me',
      {
        config: { access: { signedIn: true } },
        schema: { tags: ['auth'], body: ProfileBody, response: { 200: UserView } },
      },
      async (request) => updateProfile(ctx, sessionUser(request).user.id, request.body),
    );
  };
}
