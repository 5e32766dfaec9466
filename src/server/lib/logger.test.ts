import { stripVTControlCharacters } from 'node:util';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { createTestApp, type TestApp } from '../../../tests/support/test-app.js';
import { createLogger, serializeError } from './logger.js';

const PASSWORD = 'never in any log 1234';

describeEachDatabase('what the log keeps of a failure', (kind) => {
  const lines: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, {
      logger: createLogger({ logLevel: 'info' }, { write: (line) => lines.push(line) }),
    });
  });
  afterAll(() => t.close());

  const failures = (requestId: string) =>
    lines
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.reqId === requestId && entry.msg === 'unhandled error');

  it('logs a failed insert by class, code and constraint, without its password hash or password', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    await t.ctx.db.execute(
      sql`alter table users add constraint test_refuses check (name <> 'Refused') not valid`,
    );
    const response = await admin.request({
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'refused@example.test', name: 'Refused', role: 'support_agent', password: PASSWORD },
    });
    expect(response.statusCode).toBe(500);

    const [failure] = failures(response.headers['x-request-id'] as string);
    expect(failure.err).toMatchObject({
      type: 'DrizzleQueryError',
      message: expect.stringMatching(/^Failed query: insert into "users"/),
      cause: { code: '23514', constraint: 'test_refuses' },
    });
    expect(failure.err.stack).toMatch(/\n\s+at /);
    const log = lines.join('');
    expect(log).not.toContain('$argon2id$');
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toMatch(/params/);
    expect(log).not.toContain(admin.cookie);
    expect(log).not.toContain(admin.csrfToken);
  });

  it('logs a failed mail insert without the invite link it carried', async () => {
    const partner = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    await t.ctx.db.execute(
      sql`alter table notifications add constraint test_refuses_mail check (body not like '%invite/%') not valid`,
    );
    const response = await admin.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/invites`,
      payload: { email: 'invitee@example.test', role: 'partner_member' },
    });
    expect(response.statusCode).toBe(500);

    const [failure] = failures(response.headers['x-request-id'] as string);
    expect(failure.err).toMatchObject({ type: 'DrizzleQueryError', cause: { code: '23514' } });
    expect(lines.join('')).not.toMatch(/invite\/[A-Za-z0-9_-]{20,}/);
  });
});

it('redacts secrets under the usual names, at the depths the code logs them', () => {
  const lines: string[] = [];
  const logger = createLogger({ logLevel: 'info' }, { write: (line) => lines.push(line) });
  logger.info(
    {
      password: 'p1',
      user: { password: 'p2', passwordHash: '$argon2id$x', token: 't1' },
      body: { contact: { secret: 's1' } },
      req: { headers: { authorization: 'Bearer t2', cookie: 'sb_session=t3' } },
      res: { headers: { 'set-cookie': 'sb_session=t4' } },
    },
    'secrets',
  );
  for (const secret of ['p1', 'p2', '$argon2id$x', 't1', 's1', 'Bearer t2', 't3', 't4']) {
    expect(lines.join('')).not.toContain(secret);
  }
  expect(lines.join('')).toContain('[redacted]');
});

it("keeps a query's bound values out of the message, however the error is logged", () => {
  const lines: string[] = [];
  const logger = createLogger({ logLevel: 'info' }, { write: (line) => lines.push(line) });
  const failed = () =>
    Object.assign(new Error('Failed query: select 1 where x = $1\nparams: bound-secret'), {
      params: ['bound-secret'],
      query: 'select 1 where x = $1',
      cause: Object.assign(new Error('boom'), { code: '42000', detail: 'Key (x)=(bound-secret)' }),
    });
  logger.error(failed());
  logger.error({ err: failed() }, failed().message);
  logger.error({ err: failed() }, 'with %s', failed().message);
  expect(lines).toHaveLength(3);
  expect(lines.join('')).not.toContain('bound-secret');
  expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
    msg: 'Failed query: select 1 where x = $1',
    err: { type: 'Error', message: 'Failed query: select 1 where x = $1', cause: { code: '42000' } },
  });
});

describe('request and start lines', () => {
  /** Two requests (one the server fails with a 500) and a listen, through a logger with the given output. */
  async function logTwoRequests(isTTY: boolean, logLevel = 'info'): Promise<string[]> {
    const lines: string[] = [];
    const logger = createLogger({ logLevel }, { write: (line) => lines.push(line) }, isTTY);
    const app = Fastify({ loggerInstance: logger });
    app.get('/ok', async () => ({ ok: true }));
    app.get('/unavailable', async (_request, reply) => reply.status(500).send({ ok: false }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    await app.inject('/ok?page=2');
    await app.inject('/unavailable');
    await app.close();
    return lines.map((line) => stripVTControlCharacters(line));
  }

  it('as JSON (not a terminal), logs each request once, when it completes, with the request it answered', async () => {
    const entries = (await logTwoRequests(false)).map((line) => JSON.parse(line));
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      level: 30,
      reqId: 'req-1',
      msg: 'request completed',
      req: { method: 'GET', url: '/ok?page=2' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    expect(entries[1]).toMatchObject({ level: 30, req: { url: '/unavailable' }, res: { statusCode: 500 } });
  });

  it('at a terminal, prints readable lines and of the requests only the one the server failed', async () => {
    expect(await logTwoRequests(true)).toEqual([
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\] WARN: GET \/unavailable 500 \d+ ms \(request req-2\)\n$/),
    ]);
  });

  it('at a terminal with LOG_LEVEL=debug, prints every request as one line', async () => {
    expect(await logTwoRequests(true, 'debug')).toEqual([
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\] DEBUG: GET \/ok\?page=2 200 \d+ ms \(request req-1\)\n$/),
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\] WARN: GET \/unavailable 500 \d+ ms \(request req-2\)\n$/),
    ]);
  });

  it('at a terminal, shows local wall-clock time and still redacts secrets', () => {
    const lines: string[] = [];
    const logger = createLogger({ logLevel: 'info' }, { write: (line) => lines.push(line) }, true);
    const clock = (at: Date) => [at.getHours(), at.getMinutes(), at.getSeconds()];
    const before = clock(new Date());
    logger.info({ user: { password: 'p1' }, jobId: 7 }, 'job done');
    const after = clock(new Date());
    const shown = stripVTControlCharacters(lines.join('')).match(
      /^\[(\d\d):(\d\d):(\d\d)\] INFO: job done\n/,
    );
    expect([before, after]).toContainEqual(shown?.slice(1).map(Number));
    expect(lines.join('')).toContain('jobId: 7');
    expect(lines.join('')).not.toContain('p1');
  });
});

describe('the lines a logger leaves out or keeps as they are', () => {
  const logged = (log: (logger: ReturnType<typeof createLogger>) => void) => {
    const lines: string[] = [];
    log(createLogger({ logLevel: 'info' }, { write: (line) => lines.push(line) }));
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  };

  it("drops Fastify's start-of-request and listening lines, and keeps a 'request completed' of anyone else", () => {
    const entries = logged((logger) => {
      logger.info('incoming request');
      logger.info('Server listening at http://127.0.0.1:3000');
      logger.info({ res: { statusCode: 200 } }, 'request completed');
      logger.info('the server is listening at last');
    });
    expect(entries.map((entry) => entry.msg)).toEqual([
      'request completed',
      'the server is listening at last',
    ]);
  });

  it('keeps the message given with an error, and the error under err', () => {
    const [entry] = logged((logger) => logger.error(new Error('boom'), 'while sending %s', 'mail'));
    expect(entry).toMatchObject({ msg: 'while sending mail', err: { type: 'Error', message: 'boom' } });
  });
});

describe('serializeError', () => {
  class MailRefused extends Error {}

  it('keeps the class, the message and the stack frames, with the message written once', () => {
    const error = new MailRefused('failed at noon\nparams: secret-value');
    const logged = serializeError(error);
    expect([logged.type, logged.message]).toEqual(['MailRefused', 'failed at noon']);
    const [head, ...frames] = logged.stack.split('\n');
    expect(head).toBe('MailRefused: failed at noon');
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) expect(frame).toMatch(/^\s+at /);
    expect(JSON.stringify(logged)).not.toContain('secret-value');
  });

  it("keeps a driver's code, constraint, table and column, and only when they are what a driver sets", () => {
    const pgError = Object.assign(new Error('duplicate key'), {
      code: '23505',
      constraint: 'users_email_key',
      table: 'users',
      column: 'email',
      detail: 'Key (email)=(ada@example.com) already exists.',
    });
    expect(serializeError(pgError)).toMatchObject({
      code: '23505',
      constraint: 'users_email_key',
      table: 'users',
      column: 'email',
    });
    expect(serializeError(Object.assign(new Error('x'), { code: 535 })).code).toBe(535);
    const odd = serializeError(
      Object.assign(new Error('x'), { code: { nested: 1 }, constraint: 7, table: null }),
    );
    expect(Object.keys(odd).sort()).toEqual(['message', 'stack', 'type']);
  });

  it('follows causes three deep', () => {
    let error: Error = new Error('root');
    for (const level of [4, 3, 2, 1, 0]) error = new Error(`level ${level}`, { cause: error });
    const chain: string[] = [];
    for (let at: ReturnType<typeof serializeError> | undefined = serializeError(error); at; at = at.cause)
      chain.push(at.message);
    expect(chain).toEqual(['level 0', 'level 1', 'level 2', 'level 3']);
  });

  it('describes a thrown value that is not an Error, and an error without a constructor by its name', () => {
    expect(serializeError('just text')).toEqual({
      type: 'string',
      message: 'a non-Error value was thrown',
      stack: '',
    });
    const bare = Object.assign(new Error('x'), { constructor: undefined, name: 'BareError' });
    expect(serializeError(bare).type).toBe('BareError');
  });
});
