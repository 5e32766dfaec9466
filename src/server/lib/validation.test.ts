import { describe, expect, it } from 'vitest';
import { findUnstorableText, strictBodySchema } from './validation.js';

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
