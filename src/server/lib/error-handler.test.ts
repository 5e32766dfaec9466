import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerFrameworkError, bodyOf, installErrorHandler, reasonOf } from './error-handler.js';
import { AppError, conflict, invalid } from './errors.js';
import { installValidation } from './validation.js';

/** Every keyword the schemas use, on one body; each test breaks one field of an otherwise valid body. */
const BODY_SCHEMA = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 5 },
    password: { type: 'string', minLength: 12, trim: false },
    email: { type: 'string', format: 'email' },
    id: { type: 'string', format: 'uuid' },
    at: { type: 'string', format: 'date-time' },
    host: { type: 'string', format: 'hostname' },
    webhookUrl: { anyOf: [{ type: 'string', pattern: '^(https?://.+)?$' }, { type: 'null' }] },
    phone: { type: 'string', pattern: '^[+0-9 ()./-]*$' },
    code: { type: 'string', pattern: '^[A-Z]{3}$' },
    countries: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-Za-z]{2}$' },
      minItems: 1,
      maxItems: 2,
      uniqueItems: true,
    },
    count: { type: 'integer', minimum: 0, maximum: 10 },
    role: { type: 'string', enum: ['member', 'admin'] },
    status: {
      anyOf: [
        { type: 'string', enum: ['interested'] },
        { type: 'string', enum: ['integrating'] },
      ],
    },
    prompted: { const: true },
    note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    tags: { type: 'array', items: { type: 'string' } },
  },
};

let app: FastifyInstance;

// A fresh app for each test (a few ms): what installing does (the parser, the keywords, the schema defaults)
// then runs inside the test, where mutation testing can see which test covers it.
beforeEach(async () => {
  app = Fastify();
  installErrorHandler(app);
  installValidation(app);
  app.post('/things', { schema: { body: BODY_SCHEMA } }, async () => ({ ok: true }));
  app.get(
    '/things/:id',
    { schema: { params: { type: 'object', properties: { id: BODY_SCHEMA.properties.id } } } },
    async () => ({}),
  );
  await app.ready();
});
afterEach(() => app.close());

async function refusal(extra: Record<string, unknown>, without: string[] = []) {
  const payload: Record<string, unknown> = { name: 'ok', ...extra };
  for (const key of without) delete payload[key];
  const response = await app.inject({ method: 'POST', url: '/things', payload });
  expect(response.statusCode).toBe(400);
  const { error } = response.json();
  expect(error.code).toBe('validation');
  return { field: error.field, reason: error.reason, params: error.params };
}

describe('validation errors carry a reason and its parameters', () => {
  it.each([
    ['required', {}, ['name'], { field: 'name', reason: 'required' }],
    ['additionalProperties', { colour: 'red' }, [], { field: 'colour', reason: 'unknown_field' }],
    ['minLength 1 (blank once trimmed)', { name: '   ' }, [], { field: 'name', reason: 'blank' }],
    [
      'minLength',
      { password: 'short' },
      [],
      { field: 'password', reason: 'too_short', params: { limit: 12 } },
    ],
    ['maxLength', { name: 'too long' }, [], { field: 'name', reason: 'too_long', params: { limit: 5 } }],
    ['format email', { email: 'nope' }, [], { field: 'email', reason: 'invalid_email' }],
    ['format uuid', { id: '42' }, [], { field: 'id', reason: 'invalid_id' }],
    ['format date-time', { at: '2026-02-30T10:00:00Z' }, [], { field: 'at', reason: 'invalid_date_time' }],
    [
      'another format',
      { host: 'not a host!' },
      [],
      { field: 'host', reason: 'invalid_format', params: { format: 'hostname' } },
    ],
    [
      'pattern of a webhook URL',
      { webhookUrl: 'ftp://x' },
      [],
      { field: 'webhookUrl', reason: 'invalid_url' },
    ],
    ['pattern of a phone number', { phone: 'call me' }, [], { field: 'phone', reason: 'invalid_phone' }],
    [
      'pattern of a country code',
      { countries: ['DEU'] },
      [],
      { field: 'countries.0', reason: 'invalid_country_code' },
    ],
    [
      'another pattern',
      { code: 'ab' },
      [],
      { field: 'code', reason: 'invalid_format', params: { pattern: '^[A-Z]{3}$' } },
    ],
    ['minItems', { countries: [] }, [], { field: 'countries', reason: 'too_few', params: { limit: 1 } }],
    [
      'maxItems',
      { countries: ['DE', 'FR', 'IT'] },
      [],
      { field: 'countries', reason: 'too_many', params: { limit: 2 } },
    ],
    ['uniqueItems', { countries: ['DE', 'DE'] }, [], { field: 'countries', reason: 'duplicate_items' }],
    ['minimum', { count: -1 }, [], { field: 'count', reason: 'too_small', params: { limit: 0 } }],
    ['maximum', { count: 11 }, [], { field: 'count', reason: 'too_large', params: { limit: 10 } }],
    [
      'enum',
      { role: 'owner' },
      [],
      { field: 'role', reason: 'not_allowed', params: { allowed: ['member', 'admin'] } },
    ],
    [
      'enum in every branch of a union',
      { status: 'launched' },
      [],
      { field: 'status', reason: 'not_allowed', params: { allowed: ['interested', 'integrating'] } },
    ],
    [
      'const',
      { prompted: false },
      [],
      { field: 'prompted', reason: 'not_allowed', params: { allowed: ['true'] } },
    ],
    ['type', { count: '3' }, [], { field: 'count', reason: 'wrong_type', params: { expected: ['integer'] } }],
    [
      'type in every branch of a union',
      { note: 7 },
      [],
      { field: 'note', reason: 'wrong_type', params: { expected: ['string', 'null'] } },
    ],
    ['singleLine', { name: 'a\nb' }, [], { field: 'name', reason: 'multiline' }],
    ['NUL in a string', { tags: ['x\u0000'] }, [], { field: 'tags.0', reason: 'unstorable_text' }],
  ])('%s', async (_keyword, extra, without, expected) => {
    const { field, reason, params } = await refusal(extra, without);
    expect({ field, reason, ...(params ? { params } : {}) }).toEqual(expected);
  });

  it('names path parameters the same way', async () => {
    const response = await app.inject({ method: 'GET', url: '/things/42' });
    expect(response.json()).toEqual({
      error: {
        code: 'validation',
        message: 'params.id must match format "uuid"',
        field: 'id',
        reason: 'invalid_id',
      },
    });
  });

  it('checks JSON text for NULs and lone surrogates only where an escape could have made one', async () => {
    const post = (payload: string | Buffer) =>
      app.inject({
        method: 'POST',
        url: '/things',
        headers: { 'content-type': 'application/json' },
        payload,
      });
    const escapedNul = await post('{"name":"ok","tags":["x\\u0000"]}');
    expect(escapedNul.json().error).toMatchObject({ field: 'tags.0', reason: 'unstorable_text' });
    const escapedSurrogate = await post('{"name":"ok","note":"\\ud800"}');
    expect(escapedSurrogate.json().error).toMatchObject({ field: 'note', reason: 'unstorable_text' });
    // A surrogate's bytes sent raw are not UTF-8: they decode to U+FFFD, which PostgreSQL stores.
    const rawSurrogate = Buffer.concat([
      Buffer.from('{"name":"ok","note":"'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('"}'),
    ]);
    expect((await post(rawSurrogate)).statusCode).toBe(200);
    // A raw NUL is not JSON at all.
    expect((await post('{"name":"ok","note":"a\u0000b"}')).json().error).toMatchObject({
      reason: 'malformed_request',
    });
    expect((await post('{"name":"ok","__proto__":{"x":1}}')).statusCode).toBe(400);
  });

  it("keeps the poisoning checks and answers of Fastify's parser when it parses plain JSON itself", async () => {
    const post = (payload: string) =>
      app.inject({
        method: 'POST',
        url: '/things',
        headers: { 'content-type': 'application/json' },
        payload,
      });
    const refused = [
      '{"name":"ok","constructor":{"prototype":{"x":1}}}',
      '{"name":"ok","\\u005f_proto__":{"x":1}}',
      '{"name":"ok","tags":[{"__proto__":{"x":1}}]}',
    ];
    for (const body of refused) {
      const response = await post(body);
      expect(response.statusCode, body).toBe(400);
      expect(response.json().error.reason, body).toBe('malformed_request');
    }
    // The names as values are no poisoning; a byte-order mark is stripped, as Fastify's parser does.
    expect((await post('{"name":"ok","note":"constructor, __proto__"}')).statusCode).toBe(200);
    expect((await post('\ufeff{"name":"ok"}')).statusCode).toBe(200);
    for (const body of ['', '{"name":', '"ok"x']) {
      const response = await post(body);
      expect(response.statusCode, body).toBe(400);
      expect(response.json().error.reason, body).toBe('malformed_request');
    }
  });

  it('gives a body that is not JSON a reason but no field', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json' },
      payload: '{"half":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'validation', reason: 'malformed_request' });
    expect(response.json().error.field).toBeUndefined();
  });

  it('falls back to invalid for a keyword without a reason of its own', () => {
    expect(reasonOf([{ instancePath: '/n', keyword: 'multipleOf', params: { multipleOf: 2 } }])).toEqual({
      reason: 'invalid',
    });
    expect(reasonOf([])).toEqual({ reason: 'invalid' });
  });
});

describe('bodyOf', () => {
  it('keeps invalid(field, message) working and adds the reason services give', () => {
    expect(bodyOf(invalid('supportTimezone', 'is not an IANA time zone', 'unknown_time_zone'))).toEqual({
      code: 'validation',
      message: 'supportTimezone: is not an IANA time zone',
      field: 'supportTimezone',
      reason: 'unknown_time_zone',
    });
    expect(bodyOf(invalid('password', 'is short', 'too_short', { limit: 12 }))).toEqual({
      code: 'validation',
      message: 'password: is short',
      field: 'password',
      reason: 'too_short',
      params: { limit: 12 },
    });
    expect(bodyOf(invalid('reason', 'is odd'))).toEqual({
      code: 'validation',
      message: 'reason: is odd',
      field: 'reason',
      reason: 'invalid',
    });
  });

  it('leaves out parameters when there are none', () => {
    expect(bodyOf(invalid('note', 'is odd', 'invalid', {}))).toEqual({
      code: 'validation',
      message: 'note: is odd',
      field: 'note',
      reason: 'invalid',
    });
  });

  it('leaves other codes as they were: code and message', () => {
    expect(bodyOf(conflict('already a member'))).toEqual({ code: 'conflict', message: 'already a member' });
    expect(bodyOf(new AppError('rate_limited', 'slow down', { retryAfterSeconds: 60 }))).toEqual({
      code: 'rate_limited',
      message: 'slow down',
    });
  });
});

describe('errors as HTTP answers', () => {
  const failing = (error: Error) => async () => {
    throw error;
  };
  async function appThrowing() {
    const server = Fastify({ bodyLimit: 64, maxParamLength: 12, frameworkErrors: answerFrameworkError });
    installErrorHandler(server);
    installValidation(server);
    const withStatus = (statusCode: number) =>
      Object.assign(new Error(`status ${statusCode}`), { statusCode });
    for (const status of [401, 403, 404, 413, 415, 429, 418])
      server.get(`/status/${status}`, failing(withStatus(status)));
    const unique = Object.assign(new Error('duplicate key value'), { code: '23505' });
    server.get('/unique', failing(unique));
    server.get('/unique-wrapped', failing(new Error('insert failed', { cause: unique })));
    server.get('/other-database-error', failing(Object.assign(new Error('deadlock'), { code: '40P01' })));
    server.get('/slow-down', failing(new AppError('rate_limited', 'slow down', { retryAfterSeconds: 30 })));
    server.get('/things/:id', async () => ({}));
    server.post('/things', { schema: { body: BODY_SCHEMA } }, async () => ({ ok: true }));
    await server.ready();
    return server;
  }

  it('maps the status of a framework error to its code, anything else 4xx to a malformed request', async () => {
    const server = await appThrowing();
    const answers = [];
    for (const status of [401, 403, 404, 413, 415, 429, 418]) {
      const response = await server.inject({ method: 'GET', url: `/status/${status}` });
      answers.push([response.statusCode, response.json().error]);
    }
    expect(answers).toEqual([
      [401, { code: 'unauthenticated', message: 'status 401' }],
      [403, { code: 'forbidden', message: 'status 403' }],
      [404, { code: 'not_found', message: 'status 404' }],
      [413, { code: 'payload_too_large', message: 'status 413' }],
      [415, { code: 'unsupported_media_type', message: 'status 415' }],
      [429, { code: 'rate_limited', message: 'status 429' }],
      [400, { code: 'validation', message: 'status 418', reason: 'malformed_request' }],
    ]);
    const tooLarge = await server.inject({
      method: 'POST',
      url: '/things',
      payload: { name: 'x'.repeat(100) },
    });
    expect([tooLarge.statusCode, tooLarge.json().error.code]).toEqual([413, 'payload_too_large']);
    await server.close();
  });

  it("answers the database's unique violation, bare or wrapped, as a conflict, and other database errors as 500", async () => {
    const server = await appThrowing();
    for (const url of ['/unique', '/unique-wrapped']) {
      const response = await server.inject({ method: 'GET', url });
      expect([url, response.statusCode, response.json().error]).toEqual([
        url,
        409,
        { code: 'conflict', message: 'this already exists; reload and try again' },
      ]);
    }
    const other = await server.inject({ method: 'GET', url: '/other-database-error' });
    expect([other.statusCode, other.json().error.code]).toEqual([500, 'internal']);
    await server.close();
  });

  it('says when to retry a rate-limited request', async () => {
    const server = await appThrowing();
    const response = await server.inject({ method: 'GET', url: '/slow-down' });
    expect([response.statusCode, response.headers['retry-after']]).toEqual([429, '30']);
    await server.close();
  });

  it('words a missing and an unknown field, and names a nested one by its path', async () => {
    const server = await appThrowing();
    const messages = [];
    for (const payload of [{}, { name: 'ok', nickname: 'x' }, { name: 'ok', countries: ['de', 'x'] }]) {
      const response = await server.inject({ method: 'POST', url: '/things', payload });
      const { field, message } = response.json().error;
      messages.push([field, message]);
    }
    expect(messages).toEqual([
      ['name', 'body.name is required'],
      ['nickname', 'body.nickname is not a known field'],
      ['countries.1', 'body.countries.1 must match pattern "^[A-Za-z]{2}$"'],
    ]);
    await server.close();
  });

  it('answers URLs Fastify cannot route in the same shape: too long a parameter, bytes that are not UTF-8', async () => {
    const server = await appThrowing();
    const long = await server.inject({ method: 'GET', url: `/things/${'x'.repeat(40)}` });
    expect([long.statusCode, long.json()]).toEqual([
      404,
      { error: { code: 'not_found', message: 'no such resource: a path parameter is longer than any id' } },
    ]);
    const undecodable = await server.inject({ method: 'GET', url: '/things/%E0%A4%A' });
    expect([undecodable.statusCode, undecodable.json()]).toEqual([
      400,
      {
        error: {
          code: 'validation',
          message: 'the URL is not valid: it does not decode as UTF-8',
          field: '(url)',
          reason: 'malformed_request',
        },
      },
    ]);
    await server.close();
  });
});
