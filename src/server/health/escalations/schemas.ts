import { Type } from 'typebox';
import { HEALTH_RULES, HEALTH_SEVERITIES } from '../../../shared/health.js';
import { NullableTimestamp, oneOf, Text, Timestamp } from '../../lib/schema-types.js';

const Uuid = Type.String({ format: 'uuid' });
const Detail = Type.Record(Type.String(), Type.Unknown());
const Named = Type.Object({ id: Type.String(), name: Type.String() });

export const EscalationView = Type.Object({
  id: Type.String(),
  number: Type.Number(),
  partnerId: Type.String(),
  partnerName: Type.String(),
  area: Type.String(),
  status: oneOf(['open', 'acknowledged', 'suppressed', 'resolved']),
  severity: oneOf(HEALTH_SEVERITIES),
  rules: Type.Array(oneOf(HEALTH_RULES)),
  /** The latest findings' numbers, rule by rule. */
  evidence: Type.Record(Type.String(), Detail),
  openedAt: Timestamp,
  acknowledgedAt: NullableTimestamp,
  /** The member's name, or the contact's when acknowledged by an email link. */
  acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
  resolvedAt: NullableTimestamp,
  pageId: Type.Union([Type.String(), Type.Null()]),
  /** The partner's Health page in the SPA. */
  healthUrl: Type.String(),
});

export const EscalationDetail = Type.Intersect([
  EscalationView,
  Type.Object({
    timeline: Type.Array(
      Type.Object({
        id: Type.Number(),
        type: Type.String(),
        at: Timestamp,
        actor: Type.Union([Named, Type.Null()]),
        contact: Type.Union([Named, Type.Null()]),
        detail: Detail,
      }),
    ),
    comments: Type.Array(
      Type.Object({ id: Type.Number(), at: Timestamp, author: Type.String(), body: Type.String() }),
    ),
  }),
]);

export const PartnerParams = Type.Object({ partnerId: Type.String() });
export const EscalationParams = Type.Object({ partnerId: Type.String(), escalationId: Type.String() });
export const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

const StatusFilter = oneOf(['open', 'resolved', 'all'] as const);
/** `open`: not yet resolved. */
export const PartnerListQuery = Type.Object({ status: Type.Optional(StatusFilter) });
export const StaffListQuery = Type.Object({
  status: Type.Optional(StatusFilter),
  severity: Type.Optional(oneOf(HEALTH_SEVERITIES)),
  partnerId: Type.Optional(Uuid),
});

export const CommentBody = Type.Object({ body: Text({ maxLength: 10_000 }) });
export const CommentView = Type.Object({ at: Timestamp, body: Type.String() });

export const DisableBody = Type.Object({
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
});

export const PageResult = Type.Object({ pageId: Type.String() });

export const LinkView = Type.Object({
  action: Type.String(),
  expiresAt: Timestamp,
  usable: Type.Boolean(),
  escalation: Type.Object({
    id: Type.String(),
    number: Type.Number(),
    partnerName: Type.String(),
    area: Type.String(),
    severity: Type.String(),
    status: Type.String(),
  }),
});
