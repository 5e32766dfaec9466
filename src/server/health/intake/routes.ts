import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../auth/access.js';
import type { AppContext } from '../../context.js';
import { IntakeReceipt, SignalBatch } from './schemas.js';
import { ingestSignalBody } from './service.js';
import { SignalWorker } from './signal-worker.js';

/** 10,000 events of a few hundred bytes each, with room to spare. */
const SIGNALS_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * A signal batch's body as it arrived. Nothing enumerable, so the app's walk of bodies for unstorable text passes
 * over it: the intake worker checks the parsed body the same way.
 */
class SignalBody {
  readonly #bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }
  get bytes(): Uint8Array {
    return this.#bytes;
  }
}

/**
 * `POST /api/v1/signals`, in a scope of its own: its JSON body is taken as bytes and parsed on the intake worker
 * thread (envelope.ts) with the same parser, schema and answers as every other body, so the schema below is
 * checked there, not here. Other content types (text/plain) are parsed as anywhere else and refused by the same
 * envelope check.
 */
export function signalIntakeRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const worker = new SignalWorker();
    app.addHook('onClose', () => worker.close());
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, new SignalBody(body as Buffer)),
    );
    app.post(
      '/api/v1/signals',
      {
        config: { access: { ingest: true } },
        bodyLimit: SIGNALS_BODY_LIMIT,
        schema: {
          tags: ['health'],
          summary: 'Fulfillment calls, feed ingestions and merchants serving, merged into per-minute buckets',
          body: SignalBatch,
          response: { 202: IntakeReceipt },
        },
        validatorCompiler: () => () => true,
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const sender = actor.kind === 'token' ? `token:${actor.token.id}` : `user:${actor.user.id}`;
        const body: unknown = request.body;
        const sent = body instanceof SignalBody ? body.bytes : body;
        return reply.status(202).send(await ingestSignalBody(ctx, worker, sender, sent));
      },
    );
  };
}
