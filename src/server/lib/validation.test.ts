import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installErrorHandler } from './error-handler.js';
import {
  compileBodyValidator,
  findUnstorableText,
  installValidation,
  strictBodySchema,
} from './validation.js';

describe('strictBodySchema', () => {
  it('refuses unknown fields and makes strings trimmed one-liners unless they opt out', () => {
    const schema = strictBodySchema({
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1 },
        notes: { type: 'string', singleLine: false },
        password: { type: 'string', trim: false, singleLine: false },
        role: { type: 'string', enum: ['a', 'b'] },
        nested: { type: 'array', items: { type: 'object', properties: { x: { type: 'string' } } } },
        open: { type: 'object', properties: {}, additionalProperties: true },
      },
    });
    expect(schema).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1, trim: true, singleLine: true },
        notes: { type: 'string', singleLine: false, trim: true },
        password: { type: 'string', trim: false, singleLine: false },
        role: { type: 'string', enum: ['a', 'b'] },
        nested: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: { x: { type: 'string', trim: true, singleLine: true } },
          },
        },
        open: { type: 'object', properties: {}, additionalProperties: true },
      },
    });
  });

  it('leaves the values of enum, const and default as written, a free-form object open, and nulls alone', () => {
    const written = {
      type: 'object',
      properties: {
        filter: { type: 'object', default: { type: 'string' } },
        shape: { enum: [{ type: 'object', properties: {} }] },
        kind: { type: 'string', const: 'page' },
        meta: { type: 'object', description: null },
      },
    };
    expect(strictBodySchema(written)).toEqual({ ...written, additionalProperties: false });
  });
});

describe('findUnstorableText', () => {
  it('names the path of a NUL, a lone surrogate or a bad key, and passes paired surrogates', () => {
    expect(findUnstorableText({ a: 'ok', b: ['fine', 'x\u0000y'] })).toEqual(['b', '1']);
    expect(findUnstorableText({ reason: 'x\ud800' })).toEqual(['reason']);
    expect(findUnstorableText({ 'k\udc00': 1 })).toEqual(['k\udc00']);
    expect(findUnstorableText({ emoji: 'order 🍕 now', n: 1, none: null })).toBeNull();
    expect(findUnstorableText('\u0000')).toEqual([]);
  });
});

/** What a route's handler receives: each test builds its app, so what installing does runs inside the test. */
async function appEchoing() {
  const app = Fastify();
  installErrorHandler(app);
  installValidation(app);
  const echo = async (request: { body?: unknown; query?: unknown; params?: unknown }) => ({
    body: request.body ?? null,
    query: request.query,
    params: request.params,
  });
  app.post(
    '/things/:n',
    {
      schema: {
        params: { type: 'object', properties: { n: { type: 'integer' } } },
        querystring: {
          type: 'object',
          properties: {
            limit: { type: 'integer', default: 50 },
            tags: { type: 'array', items: { type: 'string' } },
          },
          // Fastify's default for the parts that are text: an unknown query field is dropped, not refused.
          additionalProperties: false,
        },
        body: {
          type: 'object',
          properties: {
            name: { type: 'string', maxLength: 5 },
            notes: { type: 'string', singleLine: false },
            count: { type: 'number' },
            active: { type: 'boolean' },
            kind: { type: 'string', default: 'plain' },
            at: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
    echo,
  );
  await app.ready();
  return app;
}

describe('installValidation', () => {
  const post = async (url: string, payload: unknown) => {
    const app = await appEchoing();
    const response = await app.inject({ method: 'POST', url, payload: payload as object });
    await app.close();
    return response;
  };

  it('trims body strings before measuring them and fills in defaults', async () => {
    const response = await post('/things/7', { name: '  Ada L  ', notes: '  two\nlines  ' });
    expect(response.json()).toEqual({
      body: { name: 'Ada L', notes: 'two\nlines', kind: 'plain' },
      query: { limit: 50 },
      params: { n: 7 },
    });
  });

  it('takes a body as sent: no coercion, no unknown fields, one-line strings, real instants', async () => {
    for (const [body, field, message] of [
      [{ count: '12' }, 'count', 'body/count must be number'],
      [{ active: 0 }, 'active', 'body/active must be boolean'],
      [{ extra: 1 }, 'extra', 'body/extra is not a known field'],
      [{ name: 'a\tb' }, 'name', 'body/name must be a single line without control characters'],
      [{ name: 'abcdef' }, 'name', 'body/name must NOT have more than 5 characters'],
      [{ at: '2030-02-30T10:00:00Z' }, 'at', 'body/at must match format "date-time"'],
      [{ at: '2030-12-31T23:59:60Z' }, 'at', 'body/at must match format "date-time"'],
    ] as const) {
      const response = await post('/things/1', body);
      expect([field, response.statusCode, response.json().error.field]).toEqual([field, 400, field]);
      expect(response.json().error.message.replace(/\./g, '/')).toBe(message);
    }
  });

  it('coerces query strings and path parameters, which arrive as text, and drops unknown query fields', async () => {
    const response = await post('/things/12?limit=3&tags=a&other=x', {});
    expect(response.json()).toEqual({
      body: { kind: 'plain' },
      query: { limit: 3, tags: ['a'] },
      params: { n: 12 },
    });
    expect((await post('/things/twelve', {})).json().error).toMatchObject({ code: 'validation', field: 'n' });
  });

  it('refuses a NUL in a query string as text PostgreSQL cannot store', async () => {
    const response = await post('/things/1?tags=a%00b', {});
    expect([response.statusCode, response.json().error]).toEqual([
      400,
      {
        code: 'validation',
        message: 'querystring.tags must not contain NUL characters or unpaired surrogates',
        field: 'tags',
        reason: 'unstorable_text',
      },
    ]);
  });
});

describe('compileBodyValidator', () => {
  it('checks a body outside a route the way routes do', () => {
    const validate = compileBodyValidator({
      type: 'object',
      properties: { name: { type: 'string' }, at: { type: 'string', format: 'date-time' } },
    });
    const body = { name: '  x  ' };
    expect(validate(body)).toBe(true);
    expect(body).toEqual({ name: 'x' });
    for (const bad of [
      { name: 'x', extra: 1 },
      { name: 'a\nb' },
      { at: '2030-12-31T23:59:60Z' },
      { name: 1 },
    ])
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
  });
});
