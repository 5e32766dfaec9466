import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/access.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { NullableTimestamp, Timestamp } from '../lib/schema-types.js';
import { inAppFeed, inAppSince, latestInAppId, markInAppRead } from './in-app.js';

const tags = ['notifications'];
const staff = { staff: 'any' } as const;
/** How often an open stream looks for new messages; the database is what every instance shares. */
const STREAM_POLL_MS = 2000;
const HEARTBEAT_MS = 20_000;

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
        const resumeFrom = request.headers['last-event-id'];
        let lastId = resumeFrom ? Number(resumeFrom) : await latestInAppId(ctx, userId);
        reply.hijack();
        const out = reply.raw;
        out.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        out.write('retry: 3000\n\n');
        let busy = false;
        const poll = setInterval(() => {
          if (busy) return;
          busy = true;
          inAppSince(ctx, userId, lastId)
            .then((items) => {
              for (const item of items) {
                out.write(`id: ${item.id}\nevent: notification\ndata: ${JSON.stringify(item)}\n\n`);
                lastId = item.id;
              }
            })
            .catch((error: unknown) => request.log.warn({ err: error }, 'in-app stream poll failed'))
            .finally(() => {
              busy = false;
            });
        }, STREAM_POLL_MS);
        const heartbeat = setInterval(() => out.write(': keep-alive\n\n'), HEARTBEAT_MS);
        request.raw.on('close', () => {
          clearInterval(poll);
          clearInterval(heartbeat);
        });
      },
    );
  };
}
