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
