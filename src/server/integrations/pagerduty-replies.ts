import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.js';

/** PagerDuty's limit on an event's size. */
export const EVENTS_BODY_LIMIT = 512 * 1024;

export const invalidEvent = (errors: string[]) => ({
  status: 'invalid event',
  message: 'Event object is invalid',
  errors,
});

/** What the Events API refuses before its handler runs, as PagerDuty words it; null: not a refusal of the event. */
function refusalOf(error: FastifyError | AppError): { statusCode: number; errors: string[] } | null {
  if (error instanceof AppError) {
    if (error.code !== 'validation') return null;
    const field = error.details.field;
    return {
      statusCode: 400,
      errors: [
        error.details.reason === 'unstorable_text' && field
          ? `'${field}' must not contain NUL characters or unpaired surrogates`
          : error.message,
      ],
    };
  }
  switch (error.statusCode) {
    case 400:
      return { statusCode: 400, errors: ['JSON parse error'] };
    case 413:
      return { statusCode: 413, errors: [`Event object is larger than ${EVENTS_BODY_LIMIT / 1024} KB`] };
    case 415:
      return { statusCode: 400, errors: ['Content-Type must be application/json'] };
    default:
      return null;
  }
}

/**
 * The Events API's error handler: PagerDuty's clients (Alertmanager's pagerduty notifier among them) read
 * `{ status, message, errors }` and retry on 429 and 5xx only. Anything else it rethrows to the app's one
 * handler, which logs a 5xx and hides its details.
 */
export function answerInPagerDutyWords(
  error: FastifyError | AppError,
  _request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof AppError && error.code === 'rate_limited') {
    reply.header('retry-after', String(error.details.retryAfterSeconds ?? 60));
    return reply.status(429).send({ status: 'throttle event', message: error.message });
  }
  const refusal = refusalOf(error);
  if (!refusal) throw error;
  return reply.status(refusal.statusCode).send(invalidEvent(refusal.errors));
}
