import { describe, expect, it } from 'vitest';
import { readSignalBatch } from './envelope.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';

/* The answers as the route gives them are pinned in envelope-route.test.ts; these pin the reading itself. */
describe('readSignalBatch', () => {
  it('gives the events and each well-formed partner id they name once', () => {
    const body = { events: [{ partnerId: P1 }, { partnerId: P2 }, { partnerId: P1 }, { partnerId: 'x' }, 7] };
    expect(readSignalBatch(bytes(JSON.stringify(body)))).toEqual({
      events: body.events,
      partnerIds: [P1, P2],
    });
  });

  it('refuses in the order every body is checked: JSON, then stored text, then the schema, then the size', () => {
    expect(readSignalBatch(bytes(''))).toEqual({
      refusal: {
        kind: 'json',
        message: "Body cannot be empty when content-type is set to 'application/json'",
      },
    });
    expect(readSignalBatch(bytes('{"events": [1], "x": "\\u0000"'))).toMatchObject({
      refusal: { kind: 'json' },
    });
    expect(readSignalBatch(bytes('{"x": "\\u0000"}'))).toEqual({
      refusal: { kind: 'unstorable', path: ['x'] },
    });
    expect(readSignalBatch(bytes('{"x": 1}'))).toMatchObject({
      refusal: { kind: 'schema', issues: [{ keyword: 'required', params: { missingProperty: 'events' } }] },
    });
    const tooMany = JSON.stringify({ events: Array.from({ length: 10_001 }, () => 0) });
    expect(readSignalBatch(bytes(tooMany))).toEqual({ refusal: { kind: 'too_many', count: 10_001 } });
    const exactly = JSON.stringify({ events: Array.from({ length: 10_000 }, () => 0) });
    expect(readSignalBatch(bytes(exactly))).toMatchObject({ partnerIds: [] });
  });

  it('decodes UTF-8, strips a byte-order mark and reads escapes', () => {
    const text = `\ufeff{"events": [{"merchantId": "caf\\u00e9 ☕"}, {"merchantId": "naïve"}]}`;
    expect(readSignalBatch(bytes(text))).toEqual({
      events: [{ merchantId: 'café ☕' }, { merchantId: 'naïve' }],
      partnerIds: [],
    });
  });

  it('walks escaped text only: an escape-free body cannot hold a NUL', () => {
    expect(readSignalBatch(bytes('{"events": [{"a": ["ok", "\\ud800"]}]}'))).toEqual({
      refusal: { kind: 'unstorable', path: ['events', '0', 'a', '1'] },
    });
  });
});
