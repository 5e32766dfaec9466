import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { receiveAlertmanager } from './alertmanager.js';
import { enqueueEvent } from './events-api.js';
import { answerInPagerDutyWords, EVENTS_BODY_LIMIT, invalidEvent } from './pagerduty-replies.js';
import {
  AlertmanagerBody,
  AlertmanagerParams,
  AlertmanagerReply,
  EnqueueAccepted,
  EnqueueBody,
  EnqueueRefused,
} from './schemas.js';

const tags = ['integrations'];
// The integration key authenticates: in the body (Events API) or in the URL (Alertmanager).
const keyed = { public: true } as const;

/** Ways in for monitoring tools, each in its own protocol: PagerDuty's Events API v2 and Alertmanager's webhook. */
export function integrationRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v2/enqueue',
      {
        config: { access: keyed },
        bodyLimit: EVENTS_BODY_LIMIT,
        schema: {
          tags,
          summary: "PagerDuty's Events API v2: trigger, acknowledge or resolve a page",
          body: EnqueueBody,
          response: { 202: EnqueueAccepted, 400: EnqueueRefused, 413: EnqueueRefused, 429: EnqueueRefused },
        },
        // The body is read by the service, which answers as PagerDuty does (every problem at once, in its
        // words), so the schema above documents it and is not applied; refusals made before the handler
        // (JSON that does not parse, NUL characters, the rate limit) are answered in PagerDuty's shape too.
        validatorCompiler: () => () => true,
        errorHandler: answerInPagerDutyWords,
      },
      async (request, reply) => {
        const outcome = await enqueueEvent(ctx, request.body);
        if (!outcome.accepted) return reply.status(400).send(invalidEvent(outcome.errors));
        return reply
          .status(202)
          .send({ status: 'success', message: 'Event processed', dedup_key: outcome.dedupKey });
      },
    );

    app.post(
      '/api/v1/integrations/alertmanager/:key',
      {
        config: { access: keyed },
        schema: {
          tags,
          summary: "Alertmanager's webhook: one page per alert group, opened while firing, resolved with it",
          params: AlertmanagerParams,
          body: AlertmanagerBody,
          response: { 200: AlertmanagerReply },
        },
      },
      async (request) => ({ page: await receiveAlertmanager(ctx, request.params.key, request.body) }),
    );
  };
}
