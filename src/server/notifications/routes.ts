import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import { NullableTimestamp, Timestamp } from '../lib/schema-types.js';
import { listOutbox } from './service.js';

const NotificationView = Type.Object({
  id: Type.Number(),
  partnerId: Type.Union([Type.String(), Type.Null()]),
  channel: Type.String(),
  recipient: Type.String(),
  locale: Type.String(),
  template: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  status: Type.String(),
  attempts: Type.Number(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  sentAt: NullableTimestamp,
});

export function notificationRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/outbox',
      {
        config: { access: { staff: ['admin'] } },
        schema: {
          tags: ['notifications'],
          querystring: Type.Object({ partnerId: Type.Optional(Type.String({ format: 'uuid' })) }),
          response: { 200: Type.Array(NotificationView) },
        },
      },
      async (request) => listOutbox(ctx, request.query),
    );
  };
}
