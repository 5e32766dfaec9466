import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NOTIFICATION_CHANNELS, URGENCIES } from '../../shared/oncall.js';
import { requireActor } from '../auth/access.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { oneOf } from '../lib/schema-types.js';
import { getWebhook, removeWebhook, replaceRules, rulesOf, setWebhook } from './notification-rules.js';

const tags = ['on-call'];
const staff = { staff: 'any' } as const;
const userIdOf = (actor: Actor) => (actor.kind === 'user' ? actor.user.id : '');

const Rule = Type.Object({
  urgency: oneOf(URGENCIES),
  channel: oneOf(NOTIFICATION_CHANNELS),
  delayMinutes: Type.Integer({ minimum: 0, maximum: 1440 }),
});
const Rules = Type.Object({ rules: Type.Array(Rule, { maxItems: 20 }) });
const Webhook = Type.Union([Type.Object({ url: Type.String(), secret: Type.String() }), Type.Null()]);

/** The signed-in user's own notification rules and webhook contact method. */
export function profileRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/me/notification-rules',
      { config: { access: staff }, schema: { tags, response: { 200: Rules } } },
      async (request) => ({ rules: await rulesOf(ctx.db, userIdOf(requireActor(request))) }),
    );
    app.put(
      '/api/v1/me/notification-rules',
      { config: { access: staff }, schema: { tags, body: Rules, response: { 200: Rules } } },
      async (request) => ({
        rules: await replaceRules(ctx, userIdOf(requireActor(request)), request.body.rules),
      }),
    );
    app.get(
      '/api/v1/me/webhook',
      { config: { access: staff }, schema: { tags, response: { 200: Webhook } } },
      async (request) => getWebhook(ctx, userIdOf(requireActor(request))),
    );
    app.put(
      '/api/v1/me/webhook',
      {
        config: { access: staff },
        schema: {
          tags,
          body: Type.Object({ url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }) }),
          response: { 200: Webhook },
        },
      },
      async (request) => setWebhook(ctx, userIdOf(requireActor(request)), request.body.url),
    );
    app.delete(
      '/api/v1/me/webhook',
      { config: { access: staff }, schema: { tags } },
      async (request, reply) => {
        await removeWebhook(ctx, userIdOf(requireActor(request)));
        return reply.status(204).send();
      },
    );
  };
}
