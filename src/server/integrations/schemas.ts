import { type TSchema, Type } from 'typebox';
import { SEVERITIES } from '../../shared/oncall.js';
import { oneOf } from '../lib/schema-types.js';
import { DEDUP_KEY_MAX, EVENT_ACTIONS, ROUTING_KEY_LENGTH, SUMMARY_MAX } from './events-check.js';

/** Text a monitor sends, kept as sent: keys, label values and details are neither trimmed nor one line. */
const Verbatim = (options: { minLength?: number; maxLength?: number; description?: string } = {}) =>
  Type.String({ ...options, trim: false, singleLine: false });
/** Text that is trimmed (a blank one counts as missing) but may span lines, as PagerDuty's summary may. */
const Prose = (options: { maxLength?: number; description?: string }) =>
  Type.String({ minLength: 1, ...options, singleLine: false });
const open = { additionalProperties: true };
/** PagerDuty's optional fields: absent, or null as many clients send for "none". */
const Optional = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

const Link = Type.Object({ href: Verbatim(), text: Optional(Verbatim()) }, open);
const Image = Type.Object({ src: Verbatim(), href: Optional(Verbatim()), alt: Optional(Verbatim()) }, open);

/**
 * PagerDuty's event, documented here; `events-check.ts` reads it (PagerDuty lists every problem at once, in
 * its own words). Unknown fields are ignored, as PagerDuty does.
 */
export const EnqueueBody = Type.Object(
  {
    routing_key: Verbatim({
      minLength: ROUTING_KEY_LENGTH,
      maxLength: ROUTING_KEY_LENGTH,
      description: "The key of one of a service's events_v2 integrations",
    }),
    event_action: oneOf(EVENT_ACTIONS),
    dedup_key: Optional(
      Verbatim({
        maxLength: DEDUP_KEY_MAX,
        description: 'Required to acknowledge or resolve; a trigger without one gets a new one',
      }),
    ),
    payload: Type.Optional(
      Type.Object(
        {
          summary: Prose({ maxLength: SUMMARY_MAX }),
          source: Prose({}),
          severity: oneOf(SEVERITIES),
          timestamp: Optional(Verbatim()),
          component: Optional(Verbatim()),
          group: Optional(Verbatim()),
          class: Optional(Verbatim()),
          custom_details: Optional(Type.Record(Type.String(), Type.Unknown())),
        },
        { ...open, description: 'Required to trigger' },
      ),
    ),
    client: Optional(Verbatim()),
    client_url: Optional(Verbatim()),
    links: Optional(Type.Array(Link)),
    images: Optional(Type.Array(Image)),
  },
  open,
);

export const EnqueueAccepted = Type.Object({
  status: Type.Literal('success'),
  message: Type.String(),
  dedup_key: Type.String(),
});

/** PagerDuty's refusals: `invalid event` with the list of problems, or `throttle event` past the rate limit. */
export const EnqueueRefused = Type.Object({
  status: Type.String(),
  message: Type.String(),
  errors: Type.Optional(Type.Array(Type.String())),
});

const Labels = Type.Record(Type.String(), Verbatim());
const Status = oneOf(['firing', 'resolved'] as const);

/** Alertmanager's webhook body (version "4"); fields a later version adds are ignored. */
export const AlertmanagerBody = Type.Object(
  {
    version: Type.Optional(Verbatim()),
    groupKey: Verbatim({ minLength: 1 }),
    truncatedAlerts: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    status: Status,
    receiver: Type.Optional(Verbatim()),
    groupLabels: Type.Optional(Labels),
    commonLabels: Type.Optional(Labels),
    commonAnnotations: Type.Optional(Labels),
    externalURL: Type.Optional(Verbatim()),
    alerts: Type.Array(
      Type.Object(
        {
          status: Status,
          labels: Labels,
          annotations: Type.Optional(Labels),
          startsAt: Type.Optional(Verbatim()),
          endsAt: Type.Optional(Verbatim()),
          generatorURL: Type.Optional(Verbatim()),
          fingerprint: Type.Optional(Verbatim()),
        },
        open,
      ),
    ),
  },
  open,
);

export const AlertmanagerParams = Type.Object({ key: Type.String({ maxLength: 100 }) });

export const AlertmanagerReply = Type.Object({
  page: Type.Union([
    Type.Object({ id: Type.String(), number: Type.Number(), status: Type.String() }),
    Type.Null(),
  ]),
});
