import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../tests/support/databases.js';
import { buildIngestToken, buildPartner } from '../../../../tests/support/factories.js';
import { useTestApp } from '../../../../tests/support/test-app.js';

describeEachDatabase('signal intake: the envelope', (kind) => {
  const t = useTestApp(kind, { config: { signalBatchesPerMinute: 1000 } });

  const malformed = (message: string) => ({ code: 'validation', message, reason: 'malformed_request' });
  const notJson = malformed("Body is not valid JSON but content-type is set to 'application/json'");
  const notObject = {
    code: 'validation',
    message: 'body.(root) must be object',
    field: '(root)',
    reason: 'wrong_type',
    params: { expected: ['object'] },
  };
  const unstorable = (field: string) => ({
    code: 'validation',
    message: `body.${field} must not contain NUL characters or unpaired surrogates`,
    field,
    reason: 'unstorable_text',
  });
  /*
   * The route parses and checks its body off the main thread; these are the answers the app's own JSON parser and
   * schema check gave before, pinned literally so the two can never drift apart.
   */
  const refusals: [name: string, body: string, status: number, error: object][] = [
    ['empty', '', 400, malformed("Body cannot be empty when content-type is set to 'application/json'")],
    ['cut short', '{"events": [', 400, notJson],
    ['an array', '[]', 400, notObject],
    ['null', 'null', 400, notObject],
    [
      'without events',
      '{}',
      400,
      { code: 'validation', message: 'body.events is required', field: 'events', reason: 'required' },
    ],
    [
      'events not a list',
      '{"events": 5}',
      400,
      {
        code: 'validation',
        message: 'body.events must be array',
        field: 'events',
        reason: 'wrong_type',
        params: { expected: ['array'] },
      },
    ],
    [
      'an unknown field',
      '{"events": [], "extra": 1}',
      400,
      {
        code: 'validation',
        message: 'body.extra is not a known field',
        field: 'extra',
        reason: 'unknown_field',
      },
    ],
    ['__proto__', '{"__proto__": {"x": 1}, "events": []}', 400, notJson],
    ['__proto__ escaped', '{"\\u005f_proto__": {"x": 1}, "events": []}', 400, notJson],
    [
      'constructor.prototype in an event',
      '{"events": [{"constructor": {"prototype": {"x": 1}}}]}',
      400,
      notJson,
    ],
    [
      'a NUL',
      '{"events": [{"type": "call", "partnerId": "a\\u0000"}]}',
      400,
      unstorable('events.0.partnerId'),
    ],
    ['an unpaired surrogate', '{"events": [1, {"note": "\\ud800"}]}', 400, unstorable('events.1.note')],
    [
      '10,001 events',
      JSON.stringify({ events: Array.from({ length: 10_001 }, () => 1) }),
      413,
      {
        code: 'payload_too_large',
        message: 'events: at most 10000 events per request',
        field: 'events',
        params: { limit: 10_000 },
      },
    ],
  ];

  const post = (token: string, payload: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/signals',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload,
    });

  it('refuses each malformed body with the same answer as every other route', async () => {
    const token = await buildIngestToken(t);
    for (const [name, body, status, error] of refusals) {
      const response = await post(token, body);
      expect({ name, status: response.statusCode, body: response.json() }).toEqual({
        name,
        status,
        body: { error },
      });
    }
  });

  it('refuses no body, or one sent as text, as a body that is not an object', async () => {
    const token = await buildIngestToken(t);
    const send = (headers: Record<string, string>, payload?: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/signals',
        headers: { authorization: `Bearer ${token}`, ...headers },
        ...(payload === undefined ? {} : { payload }),
      });
    for (const response of [await send({}), await send({ 'content-type': 'text/plain' }, '{"events": []}')])
      expect({ status: response.statusCode, body: response.json() }).toEqual({
        status: 400,
        body: { error: notObject },
      });
    const nul = await send({ 'content-type': 'text/plain' }, 'a\u0000');
    expect({ status: nul.statusCode, body: nul.json() }).toEqual({
      status: 400,
      body: { error: unstorable('(root)') },
    });
  });

  it('takes a byte-order mark and escaped text as the JSON they spell', async () => {
    const token = await buildIngestToken(t);
    const partner = await buildPartner(t);
    const at = t.clock.now().toISOString();
    const event = {
      type: 'call',
      partnerId: partner.id,
      action: 'checkout',
      outcome: 'ok',
      latencyMs: 5,
      at,
    };
    const bom = await post(token, `\ufeff${JSON.stringify({ events: [event] })}`);
    expect(bom.json()).toEqual({ accepted: 1, rejected: [] });
    const escaped = JSON.stringify({
      events: [
        { ...event, merchantId: 'caf\\u00e9' },
        { ...event, action: '\\u0063heckout' },
      ],
    });
    expect((await post(token, escaped.replaceAll('\\\\u', '\\u'))).json()).toEqual({
      accepted: 2,
      rejected: [],
    });
  });
});
