import type { FastifyReply } from 'fastify';
import pino, { type DestinationStream, type LogFn, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from '../config.js';

const SECRET_KEYS = [
  'password',
  'passwordHash',
  'token',
  'tokenHash',
  'secret',
  'csrfToken',
  'authorization',
  'cookie',
];

// Pino's redaction matches exact paths; three levels cover what the code logs (`{ user: { password } }`).
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

// Drizzle's DrizzleQueryError reads "Failed query: <sql>\nparams: <every bound value>".
const BOUND_PARAMS = /\nparams:[\s\S]*$/;
const MAX_CAUSES = 3;
const withoutParams = (text: string) => text.replace(BOUND_PARAMS, '');

export interface LoggedError {
  type: string;
  message: string;
  code?: string | number;
  constraint?: string;
  table?: string;
  column?: string;
  stack: string;
  cause?: LoggedError;
}

/**
 * What a log line keeps of an error: its class, message and stack frames, and the driver's code and
 * constraint. Everything else an error carries is left out on purpose: Drizzle's and the drivers'
 * `params`, `query` and `detail` hold the bound values (a password hash, a mail with an invite link,
 * "Key (email)=(…)"), and the message loses Drizzle's params part.
 */
export function serializeError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) {
    return { type: typeof error, message: 'a non-Error value was thrown', stack: '' };
  }
  const type = error.constructor?.name || error.name;
  const message = withoutParams(error.message);
  // The stack's first lines repeat the message (params and all), so only the frames are kept.
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const fields = error as Error & Record<string, unknown>;
  const logged: LoggedError = { type, message, stack: [`${type}: ${message}`, ...frames].join('\n') };
  if (typeof fields.code === 'string' || typeof fields.code === 'number') logged.code = fields.code;
  for (const key of ['constraint', 'table', 'column'] as const) {
    if (typeof fields[key] === 'string') logged[key] = fields[key];
  }
  if (error.cause !== undefined && depth < MAX_CAUSES) logged.cause = serializeError(error.cause, depth + 1);
  return logged;
}

// Fastify's own lines (its LogController): each request twice at info, and every address it listens on.
const REQUEST_STARTED = 'incoming request';
const REQUEST_COMPLETED = 'request completed';
const LISTENING = /^Server listening at /;

interface Completion {
  res: FastifyReply;
  responseTime: number;
}

function isCompletion(fields: unknown): fields is Completion {
  const res = (fields as { res?: Partial<FastifyReply> } | null)?.res;
  return typeof res?.statusCode === 'number' && typeof res.request === 'object';
}

/** At a terminal, a request is one sentence: at debug, or at warn when the server failed it. */
function logRequestSentence(logger: Logger, { res: reply, responseTime }: Completion): void {
  const line = `${reply.request.method} ${reply.request.url} ${reply.statusCode} ${Math.round(responseTime)} ms`;
  if (reply.statusCode >= 500) logger.warn(line);
  else logger.debug(line);
}

/**
 * Each JSON line as a readable one, written in the same call (no worker thread or stream in between, so
 * nothing is lost when the process exits): local wall-clock time, level, message, then a request's id, as
 * a 500 answer asks the user to quote it.
 */
function readableLines(destination: DestinationStream): DestinationStream {
  const prettify = pretty.prettyFactory({
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,reqId',
    messageFormat: '{msg}{if reqId} (request {reqId}){end}',
  });
  return { write: (line) => destination.write(prettify(line)) };
}

/**
 * The one logger of a process: main.ts, the admin command, and tests that read what was logged. JSON
 * lines, or readable ones when a person watches the terminal (`isTTY`; stdout's when no destination is given).
 */
export function createLogger(
  config: Pick<Config, 'logLevel'>,
  destination?: DestinationStream,
  isTTY = destination === undefined && process.stdout.isTTY === true,
): Logger {
  const options: LoggerOptions = {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError },
    hooks: {
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        const message = typeof first === 'string' ? first : rest[0];
        // The completion line carries the request, and main.ts prints the one address users reach.
        if (message === REQUEST_STARTED || (typeof message === 'string' && LISTENING.test(message))) return;
        // One line per request, when it completes: as JSON Fastify's line with the request it answered,
        // at a terminal a sentence that only LOG_LEVEL=debug or a 5xx shows.
        if (message === REQUEST_COMPLETED && isCompletion(first)) {
          if (isTTY) return logRequestSentence(this, first);
          return method.call(this, { req: first.res.request, ...first }, REQUEST_COMPLETED);
        }
        // `log.error(err)` and Fastify's `log.error({ err }, err.message)` make the message the line's
        // msg, past the serializer: the message loses its params here too.
        const cleaned =
          first instanceof Error && typeof rest[0] !== 'string'
            ? [{ err: first }, withoutParams(first.message), ...rest]
            : [first, ...rest.map((arg) => (typeof arg === 'string' ? withoutParams(arg) : arg))];
        method.apply(this, cleaned as Parameters<LogFn>);
      },
    },
  };
  const output = isTTY
    ? readableLines(destination ?? pino.destination({ dest: 1, sync: true }))
    : destination;
  return output ? pino(options, output) : pino(options);
}
