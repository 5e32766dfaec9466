import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../shared/oncall.js';
import { EVENT_ACTIONS, readEnqueueEvent } from './events-check.js';

const KEY = 'k'.repeat(32);
const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');

describe('reading an Events API v2 event', () => {
  it('answers any JSON with an event or with at least one problem, never both, never throwing', () => {
    const bodies = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          routing_key: fc.oneof(fc.constant(KEY), fc.jsonValue()),
          event_action: fc.oneof(fc.constantFrom(...EVENT_ACTIONS), fc.jsonValue()),
          dedup_key: fc.jsonValue(),
          payload: fc.oneof(
            fc.record(
              { summary: fc.jsonValue(), source: fc.jsonValue(), severity: fc.constantFrom(...SEVERITIES) },
              { requiredKeys: [] },
            ),
            fc.jsonValue(),
          ),
          links: fc.jsonValue(),
          images: fc.jsonValue(),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(bodies, (body) => {
        const { event, errors } = readEnqueueEvent(body);
        expect(event === null).toBe(errors.length > 0);
      }),
    );
  });

  it('reads every well-formed trigger, keeping its text and trimming only summary and source', () => {
    fc.assert(
      fc.property(
        text,
        text,
        fc.constantFrom(...SEVERITIES),
        fc.option(fc.string({ minLength: 1, maxLength: 255 }), { nil: undefined }),
        (summary, source, severity, dedupKey) => {
          const { event } = readEnqueueEvent({
            routing_key: KEY,
            event_action: 'trigger',
            ...(dedupKey === undefined ? {} : { dedup_key: dedupKey }),
            payload: { summary, source, severity },
          });
          expect(event).toEqual({
            routingKey: KEY,
            action: 'trigger',
            dedupKey: dedupKey?.trim() === '' ? null : (dedupKey ?? null),
            trigger: { summary: summary.trim(), source: source.trim(), severity, details: {} },
          });
        },
      ),
    );
  });

  it('needs only the routing key and dedup key to acknowledge or resolve, whatever else is sent', () => {
    for (const action of ['acknowledge', 'resolve'] as const) {
      expect(
        readEnqueueEvent({ routing_key: KEY, event_action: action, dedup_key: 'a/b', payload: 'ignored' }),
      ).toEqual({
        event: { routingKey: KEY, action, dedupKey: 'a/b', trigger: null },
        errors: [],
      });
    }
  });

  it('treats null optional fields as absent, as PagerDuty clients send them', () => {
    const { event } = readEnqueueEvent({
      routing_key: KEY,
      event_action: 'trigger',
      dedup_key: null,
      client: null,
      links: null,
      payload: { summary: 's', source: 'h', severity: 'info', component: null, custom_details: null },
    });
    expect(event).toMatchObject({ dedupKey: null, trigger: { details: {} } });
  });
});

describe('what an Events API v2 event may hold', () => {
  const trigger = (extra: object = {}, payload: object = {}) => ({
    routing_key: KEY,
    event_action: 'trigger',
    payload: { summary: 's', source: 'h', severity: 'info', ...payload },
    ...extra,
  });
  const errorsOf = (body: object) => readEnqueueEvent(body).errors;
  const detailsOf = (body: object) => readEnqueueEvent(body).event?.trigger?.details;

  it('takes a summary of 1024 characters and a dedup key of 255, not one more; the routing key is exactly 32', () => {
    const longest = readEnqueueEvent(trigger({ dedup_key: 'd'.repeat(255) }, { summary: 's'.repeat(1024) }));
    expect(longest.errors).toEqual([]);
    expect(longest.event).toMatchObject({
      dedupKey: 'd'.repeat(255),
      trigger: { summary: 's'.repeat(1024) },
    });
    expect(errorsOf(trigger({}, { summary: 's'.repeat(1025) }))).toEqual([
      "Length of 'payload.summary' is too long (should be at most 1024 characters)",
    ]);
    for (const length of [31, 33])
      expect(errorsOf(trigger({ routing_key: 'k'.repeat(length) }))).toEqual([
        "Length of 'routing_key' is incorrect (should be 32 characters)",
      ]);
  });

  it('keeps the optional payload text, custom details, client, and the link and image text beside a web address', () => {
    const body = trigger(
      {
        client: 'Nagios',
        client_url: 'http://nagios.example.test/',
        links: [{ href: 'http://runbooks.example.test/x', text: 'Runbook' }],
        images: [{ src: 'https://img.example.test/1.png', href: 'https://img.example.test/', alt: 'graph' }],
      },
      {
        timestamp: '2027-03-01T09:00:00Z',
        component: 'db',
        group: 'prod',
        class: 'disk',
        custom_details: { free: 0 },
      },
    );
    expect(detailsOf(body)).toEqual({
      timestamp: '2027-03-01T09:00:00Z',
      component: 'db',
      group: 'prod',
      class: 'disk',
      custom_details: { free: 0 },
      client: 'Nagios',
      client_url: 'http://nagios.example.test/',
      links: [{ href: 'http://runbooks.example.test/x', text: 'Runbook' }],
      images: [{ src: 'https://img.example.test/1.png', href: 'https://img.example.test/', alt: 'graph' }],
    });
  });

  it('leaves out quietly a client URL, links and images that are no web address, and lists of nothing left', () => {
    const body = trigger({
      client: 'Nagios',
      client_url: 'ftp://nagios.example.test/',
      links: [{ href: 'mailto:ops@example.test' }, { href: 'not a url', text: 'broken' }],
      images: [{ src: 'data:image/png;base64,AAAA', alt: 'inline' }],
    });
    expect(readEnqueueEvent(body).errors).toEqual([]);
    expect(detailsOf(body)).toEqual({ client: 'Nagios' });
    expect(detailsOf(trigger({ links: [], images: [] }))).toEqual({});
  });

  it('names each field of the wrong type by its full path', () => {
    expect(errorsOf(trigger({ client: 5, client_url: false }))).toEqual([
      "'client' must be a string",
      "'client_url' must be a string",
    ]);
    expect(
      errorsOf(
        trigger({ links: [{ href: 'https://a.example.test', text: 5 }], images: [{ src: 7, alt: [] }] }),
      ),
    ).toEqual([
      "'links.0.text' must be a string",
      "'images.0.src' must be a string",
      "'images.0.alt' must be a string",
    ]);
    expect(errorsOf(trigger({}, { severity: 3, group: {} }))).toEqual([
      "'payload.severity' is invalid (must be one of the following: critical, error, warning, info)",
      "'payload.group' must be a string",
    ]);
    expect(errorsOf(trigger({ event_action: ['trigger'] }))).toEqual([
      "'event_action' is invalid (must be one of the following: trigger, acknowledge, resolve)",
    ]);
    expect(errorsOf(trigger({ payload: null }))).toEqual(["'payload' is missing"]);
    expect(errorsOf(trigger({ payload: [] }))).toEqual(["'payload' must be an object"]);
  });

  it('counts text of only spaces as blank, and a dedup key of only spaces as none on a trigger but missing otherwise', () => {
    expect(errorsOf(trigger({ routing_key: ' '.repeat(32) }, { source: '  ', severity: ' ' }))).toEqual([
      "'routing_key' is missing or blank",
      "'payload.source' is missing or blank",
      "'payload.severity' is missing or blank",
    ]);
    expect(readEnqueueEvent(trigger({ dedup_key: '   ' })).event?.dedupKey).toBeNull();
    for (const action of ['acknowledge', 'resolve'])
      expect(errorsOf({ routing_key: KEY, event_action: action, dedup_key: '   ' })).toEqual([
        "'dedup_key' is missing or blank",
      ]);
  });
});
