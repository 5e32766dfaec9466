import { describe, expect, it } from 'vitest';
import { EMPTY_JSON_BODY, INVALID_JSON_BODY, isEscapeFree, parseJsonText } from './json-text.js';

describe('parseJsonText', () => {
  it('reads JSON, a byte-order mark before it included', () => {
    expect(parseJsonText('{"name":"Ada","tags":["a"]}')).toEqual({ value: { name: 'Ada', tags: ['a'] } });
    expect(parseJsonText('\ufeff{"n":1}')).toEqual({ value: { n: 1 } });
    expect(parseJsonText('{"text":"caf\\u00e9"}')).toEqual({ value: { text: 'café' } });
  });

  it('refuses an empty body and text that is not JSON, each with its own answer', () => {
    expect(parseJsonText('')).toEqual({ refused: EMPTY_JSON_BODY });
    expect(parseJsonText('{"name":')).toEqual({ refused: INVALID_JSON_BODY });
    expect(parseJsonText('{"constructor": 1,')).toEqual({ refused: INVALID_JSON_BODY });
  });

  it('refuses prototype poisoning, written plainly or through escapes', () => {
    for (const text of [
      '{"__proto__":{"admin":true}}',
      '{"\\u005f_proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"admin":true}}}',
    ])
      expect(parseJsonText(text), text).toEqual({ refused: INVALID_JSON_BODY });
    // The names alone, as values or without a prototype, are ordinary JSON.
    expect(parseJsonText('{"constructor":"Ada","note":"__proto__"}')).toEqual({
      value: { constructor: 'Ada', note: '__proto__' },
    });
  });
});

describe('isEscapeFree', () => {
  it('tells a text with a \\u escape from one without', () => {
    expect([isEscapeFree('{"a":"b\\n"}'), isEscapeFree('{"a":"\\u0000"}')]).toEqual([true, false]);
  });
});
