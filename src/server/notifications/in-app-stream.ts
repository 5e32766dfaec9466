import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../context.js';
import { inAppSince, latestInAppId } from './in-app.js';

/** How often an open stream looks for new messages; the database is what every instance shares. */
const STREAM_POLL_MS = 2000;
const HEARTBEAT_MS = 20_000;

/** Where a stream starts: after the client's Last-Event-ID when it reconnects, else after the newest message now. */
export async function streamStartId(ctx: AppContext, userId: string, lastEventId: string | undefined) {
  return lastEventId ? Number(lastEventId) : latestInAppId(ctx, userId);
}

/**
 * Writes the user's new in-app messages to an open server-sent event stream, one `notification` event each with
 * its id, until the client goes away; a comment line every 20 s keeps proxies from closing it. The feed's HTTP
 * side, kept out of the route so the route stays thin, and run per request, where a mutation run can reach it.
 */
export function streamInApp(
  ctx: AppContext,
  userId: string,
  afterId: number,
  out: ServerResponse,
  request: IncomingMessage,
  log: FastifyBaseLogger,
): void {
  let lastId = afterId;
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
      .catch((error: unknown) => log.warn({ err: error }, 'in-app stream poll failed'))
      .finally(() => {
        busy = false;
      });
  }, STREAM_POLL_MS);
  const heartbeat = setInterval(() => out.write(': keep-alive\n\n'), HEARTBEAT_MS);
  request.on('close', () => {
    clearInterval(poll);
    clearInterval(heartbeat);
  });
}
