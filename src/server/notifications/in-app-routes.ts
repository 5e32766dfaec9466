import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/access.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { NullableTimestamp, Timestamp } from '../lib/schema-types.js';
import { inAppFeed, markInAppRead } from './in-app.js';
import { streamInApp, streamStartId } from './in-app-stream.js';

const tags = ['notifications'];
const staff = { staff: 'any' } as const;

const userIdOf = (actor: Actor) => (actor.kind === 'user' ? actor.user.id : '');

const InAppView = Type.Object({
  id: Type.Number(),
  kind: Type.String(),
  title: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  pageId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  readAt: NullableTimestamp,
});
const Feed = Type.Object({ unread: Type.Number(), items: Type.Array(InAppView) });

/** The staff's in-app notifications: the list with its unread badge, and a live server-sent event stream. */
export function inAppRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/me/notifications',
      { config: { access: staff }, schema: { tags, response: { 200: Feed } } },
      async (request) => inAppFeed(ctx, userIdOf(requireActor(request))),
    );
    app.post(
      '/api/v1/me/notifications/read',
      {
        config: { access: staff },
        schema: {
          tags,
          body: Type.Object({ upToId: Type.Integer({ minimum: 0, maximum: 2 ** 53 - 1 }) }),
          response: { 200: Feed },
        },
      },
      async (request) => markInAppRead(ctx, userIdOf(requireActor(request)), request.body.upToId),
    );
    app.get(
      '/api/v1/me/notifications/stream',
      {
        config: { access: staff },
        schema: {
          tags,
          summary: 'Server-sent events: one `notification` event per new in-app message',
          headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ pattern: '^\\d{1,15}$' })) }),
        },
      },
      async (request, reply) => {
        const userId = userIdOf(requireActor(request));
        const afterId = await streamStartId(ctx, userId, request.headers['last-event-id']);
        reply.hijack();
        streamInApp(ctx, userId, afterId, reply.raw, request.raw, request.log);
      },
    );
  };
}
