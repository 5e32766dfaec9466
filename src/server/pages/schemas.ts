import { Type } from 'typebox';
import { PAGE_STATUSES, SEVERITIES } from '../../shared/oncall.js';
import { NullableTimestamp, oneOf, Text, Timestamp } from '../lib/schema-types.js';

const Person = Type.Object({ id: Type.String(), name: Type.String() });

export const PageView = Type.Object({
  id: Type.String(),
  number: Type.Number(),
  title: Type.String(),
  source: Type.String(),
  severity: Type.String(),
  urgency: Type.String(),
  status: Type.String(),
  service: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  caseId: Type.Union([Type.String(), Type.Null()]),
  dedupKey: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
  escalationPolicy: Type.Object({ id: Type.Union([Type.String(), Type.Null()]), name: Type.String() }),
  level: Type.Number(),
  acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
  acknowledgedAt: NullableTimestamp,
  snoozedUntil: NullableTimestamp,
  resolvedBy: Type.Union([Type.String(), Type.Null()]),
  resolvedAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const PageDetail = Type.Intersect([
  PageView,
  Type.Object({
    timeline: Type.Array(
      Type.Object({
        id: Type.Number(),
        type: Type.String(),
        at: Timestamp,
        actor: Type.Union([Person, Type.Null()]),
        user: Type.Union([Person, Type.Null()]),
        channel: Type.Union([Type.String(), Type.Null()]),
        delivery: Type.Union([
          Type.Object({
            status: Type.String(),
            attempts: Type.Number(),
            lastError: Type.Union([Type.String(), Type.Null()]),
            sentAt: NullableTimestamp,
          }),
          Type.Null(),
        ]),
        detail: Type.Record(Type.String(), Type.Unknown()),
      }),
    ),
  }),
]);

const statusList = `^(${PAGE_STATUSES.join('|')})(,(${PAGE_STATUSES.join('|')}))*$`;
export const PageListQuery = Type.Object({
  status: Type.Optional(
    Type.String({ pattern: statusList, description: 'One status or several, comma-separated' }),
  ),
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

export const ManualPageBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 300 }),
  severity: Type.Optional(oneOf(SEVERITIES)),
  serviceId: Type.Optional(Type.String({ format: 'uuid' })),
  userId: Type.Optional(Type.String({ format: 'uuid' })),
  details: Type.Optional(Text({ maxLength: 10_000 })),
});

export const ReassignBody = Type.Object({
  userId: Type.Optional(Type.String({ format: 'uuid' })),
  escalationPolicyId: Type.Optional(Type.String({ format: 'uuid' })),
});

export const SnoozeBody = Type.Object({ minutes: Type.Integer({ minimum: 1, maximum: 1440 }) });

export const PageParams = Type.Object({ pageId: Type.String() });

export const ActionLinkView = Type.Object({
  action: Type.String(),
  expiresAt: Timestamp,
  usable: Type.Boolean(),
  page: Type.Object({
    id: Type.String(),
    number: Type.Number(),
    title: Type.String(),
    status: Type.String(),
  }),
});
