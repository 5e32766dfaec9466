import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/access.js';
import type { AppContext } from '../context.js';
import { CreateUserBody, UpdateUserBody, UserDetails, UserParams } from './schemas.js';
import { createUser, deleteUser, listUsers, setUserDisabled } from './service.js';

const adminOnly = { access: { staff: ['admin'] as const } };

export function userRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/users',
      { config: adminOnly, schema: { tags: ['users'], response: { 200: Type.Array(UserDetails) } } },
      async () => listUsers(ctx),
    );

    app.post(
      '/api/v1/users',
      {
        config: adminOnly,
        schema: { tags: ['users'], body: CreateUserBody, response: { 201: UserDetails } },
      },
      async (request, reply) =>
        reply.status(201).send(await createUser(ctx, requireActor(request), request.body)),
    );

    app.patch(
      '/api/v1/users/:userId',
      {
        config: adminOnly,
        schema: { tags: ['users'], params: UserParams, body: UpdateUserBody, response: { 200: UserDetails } },
      },
      async (request) =>
        setUserDisabled(ctx, requireActor(request), request.params.userId, request.body.disabled),
    );

    app.delete(
      '/api/v1/users/:userId',
      { config: adminOnly, schema: { tags: ['users'], params: UserParams } },
      async (request, reply) => {
        await deleteUser(ctx, requireActor(request), request.params.userId);
        return reply.status(204).send();
      },
    );
  };
}
