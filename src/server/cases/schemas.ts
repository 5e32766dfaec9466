import { Type } from 'typebox';
import {
  CASE_CATEGORIES,
  CASE_EVENT_TYPES,
  CASE_PRIORITIES,
  CASE_QUEUES,
  CASE_STATUSES,
  type CaseCategory,
  type CaseEventType,
  type CasePriority,
  type CaseQueue,
  type CaseStatus,
  TRIAGE_DECISIONS,
  type TriageDecision,
  URGENT_CRITERIA,
  type UrgentCriterion,
} from '../../shared/cases.js';
import { NullableTimestamp, oneOf, Text, Timestamp } from '../lib/schema-types.js';
import { QUEUE_SORTS, type QueueSort } from './queue.js';

const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const Category = oneOf<CaseCategory>(CASE_CATEGORIES);
export const Criterion = oneOf<UrgentCriterion>(URGENT_CRITERIA);
export const Priority = oneOf<CasePriority>(CASE_PRIORITIES);
export const Status = oneOf<CaseStatus>(CASE_STATUSES);
export const Queue = oneOf<CaseQueue>(CASE_QUEUES);
const Uuid = Type.String({ format: 'uuid' });
const Percent = Type.Number({ minimum: 0, maximum: 100 });

export const Impact = Type.Object({
  since: Type.String({ format: 'date-time' }),
  merchantsAffectedPercent: Type.Optional(Percent),
  ordersAffectedPercent: Type.Optional(Percent),
  examples: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 20 })),
  errorSeen: Type.Optional(Text({ maxLength: 5_000 })),
});

export const NewCaseBody = Type.Object({
  category: Category,
  subject: Type.String({ minLength: 1, maxLength: 200 }),
  description: Text({ maxLength: 20_000 }),
  priority: Type.Optional(Priority),
  urgentCriterion: Type.Optional(Type.Union([Criterion, Type.Null()])),
  impact: Type.Optional(Type.Union([Impact, Type.Null()])),
});

export const CaseChangesBody = Type.Object(
  {
    status: Type.Optional(Status),
    priority: Type.Optional(Priority),
    assigneeUserId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    queue: Type.Optional(Queue),
  },
  { minProperties: 1 },
);

export const CommentBody = Type.Object({
  body: Text({ maxLength: 20_000 }),
  internal: Type.Optional(Type.Boolean()),
});

/** One object rather than a union per decision, so a missing reason is reported as `reason`, not `decision`. */
export const TriageBody = Type.Object({
  decision: oneOf<TriageDecision>(TRIAGE_DECISIONS),
  reason: Type.Optional(Text({ maxLength: 2_000 })),
  priority: Type.Optional(oneOf<'high' | 'normal'>(['high', 'normal'])),
});

const SlaView = Type.Object({
  policyId: nullable(Type.String()),
  calendarId: nullable(Type.String()),
  firstResponseDueAt: NullableTimestamp,
  firstResponseAt: NullableTimestamp,
  resolutionDueAt: NullableTimestamp,
  resolvedAt: NullableTimestamp,
  paused: Type.Boolean(),
  firstResponseBreached: Type.Boolean(),
  resolutionBreached: Type.Boolean(),
  nextDueAt: NullableTimestamp,
});

export const CaseView = Type.Object({
  id: Type.String(),
  number: Type.Number(),
  partnerId: Type.String(),
  partnerName: Type.String(),
  category: Category,
  urgentCriterion: Type.Union([Criterion, Type.Null()]),
  impact: Type.Union([Impact, Type.Null()]),
  subject: Type.String(),
  description: Type.String(),
  status: Status,
  priority: Priority,
  queue: Queue,
  assigneeUserId: nullable(Type.String()),
  assigneeName: nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  sla: SlaView,
  page: Type.Union([Type.Object({ id: Type.String(), status: Type.String() }), Type.Null()]),
});

export const CommentView = Type.Object({
  id: Type.String(),
  authorName: Type.String(),
  authorKind: oneOf<'staff' | 'partner' | 'system'>(['staff', 'partner', 'system']),
  internal: Type.Boolean(),
  body: Type.String(),
  createdAt: Timestamp,
});

export const AttachmentView = Type.Object({
  id: Type.String(),
  commentId: nullable(Type.String()),
  internal: Type.Boolean(),
  fileName: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Number(),
  sha256: Type.String(),
  uploaderName: Type.String(),
  createdAt: Timestamp,
});

export const EventView = Type.Object({
  id: Type.Number(),
  type: oneOf<CaseEventType>(CASE_EVENT_TYPES),
  actorName: Type.String(),
  internal: Type.Boolean(),
  data: Type.Record(Type.String(), Type.Unknown()),
  at: Timestamp,
});

/** The SLA in words for people: business minutes left (negative once past) and the calendar's zone. */
export const SlaClockView = Type.Object({
  timeZone: nullable(Type.String()),
  businessHours: Type.Boolean(),
  firstResponseMinutesLeft: Type.Union([Type.Number(), Type.Null()]),
  resolutionMinutesLeft: Type.Union([Type.Number(), Type.Null()]),
});

/** An urgent case's partner signals: its open escalations, and whether one confirms the reported problem. */
export const CaseHealthView = Type.Object({
  escalations: Type.Array(
    Type.Object({
      id: Type.String(),
      number: Type.Number(),
      area: Type.String(),
      severity: Type.String(),
      rules: Type.Array(Type.String()),
      evidence: Type.Record(Type.String(), Type.Unknown()),
      openedAt: Timestamp,
    }),
  ),
  signalsConfirm: Type.Boolean(),
});

export const CaseDetailView = Type.Intersect([
  CaseView,
  Type.Object({
    slaClock: SlaClockView,
    /** Whether the viewer follows the case (gets its mail). */
    subscribed: Type.Boolean(),
    comments: Type.Array(CommentView),
    attachments: Type.Array(AttachmentView),
    events: Type.Array(EventView),
    /** Urgent cases only: the partner's health evidence, as triage weighs it. */
    health: Type.Union([CaseHealthView, Type.Null()]),
  }),
]);

export const CasePage = Type.Object({ items: Type.Array(CaseView), nextCursor: nullable(Type.String()) });

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
};

/** The staff queue's filters; saved views store the same object. */
export const QueueFiltersSchema = Type.Object({
  status: Type.Optional(Type.Array(Status, { maxItems: CASE_STATUSES.length })),
  category: Type.Optional(Category),
  priority: Type.Optional(Priority),
  partnerId: Type.Optional(Uuid),
  assignee: Type.Optional(Type.Union([Uuid, Type.Literal('none'), Type.Literal('me')])),
  queue: Type.Optional(Queue),
  slaDueBefore: Type.Optional(Type.String({ format: 'date-time' })),
  slaBreached: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  sort: Type.Optional(oneOf<QueueSort>(QUEUE_SORTS)),
});

export const SimilarCase = Type.Object({
  id: Type.String(),
  number: Type.Number(),
  subject: Type.String(),
  status: Status,
  category: Category,
  createdAt: Timestamp,
});

export const CaseViewSaved = Type.Object({
  id: Type.String(),
  name: Type.String(),
  filters: QueueFiltersSchema,
  createdAt: Timestamp,
});

export const TriageItem = Type.Intersect([
  CaseView,
  Type.Object({ reviewDueAt: Timestamp, health: CaseHealthView }),
]);
