import { Type } from 'typebox';
import { FEEDS, HEALTH_ACTIONS, HEALTH_SEVERITIES } from '../../../shared/health.js';
import { INTEGRATION_STATES, PARTNER_STATUSES } from '../../../shared/partners.js';
import { NullableTimestamp, oneOf, Timestamp } from '../../lib/schema-types.js';
import { HEALTH_RANGES, HEALTH_STEPS } from './ranges.js';

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const Counts = Type.Record(Type.String(), Type.Number());

export const PartnerParams = Type.Object({ partnerId: Type.String() });
export const HealthQuery = Type.Object({ range: Type.Optional(oneOf(HEALTH_RANGES)) });

const CallPoint = Type.Object({
  t: Timestamp,
  ok: Type.Number(),
  errors: Type.Number(),
  /** ok / (ok + errors); null without calls in the step. */
  successRate: NullableNumber,
  p50Ms: NullableNumber,
  p99Ms: NullableNumber,
  errorTypes: Counts,
});

const ActionHealth = Type.Object({
  action: oneOf(HEALTH_ACTIONS),
  series: Type.Array(CallPoint),
  totals: Type.Object({
    ok: Type.Number(),
    errors: Type.Number(),
    successRate: NullableNumber,
    p50Ms: NullableNumber,
    p99Ms: NullableNumber,
    /** The five most frequent error types over the range, most frequent first. */
    topErrorTypes: Type.Array(Type.Object({ type: Type.String(), count: Type.Number() })),
  }),
});

const FeedHealth = Type.Object({
  feed: oneOf(FEEDS),
  lastCleanAt: NullableTimestamp,
  errorsSince: NullableTimestamp,
  series: Type.Array(
    Type.Object({
      t: Timestamp,
      ingestions: Type.Number(),
      errors: Type.Number(),
      warnings: Type.Number(),
      records: Type.Number(),
    }),
  ),
});

const Merchants = Type.Object({ serving: Type.Number(), total: Type.Number() });

export const PartnerHealthView = Type.Object({
  range: oneOf(HEALTH_RANGES),
  from: Timestamp,
  to: Timestamp,
  step: oneOf(HEALTH_STEPS),
  actions: Type.Array(ActionHealth),
  /** The feeds the partner has published (state or data), in FEEDS order. */
  feeds: Type.Array(FeedHealth),
  merchants: Type.Object({
    /** Means over the reports in each step; null without reports. */
    series: Type.Array(Type.Object({ t: Timestamp, serving: NullableNumber, total: NullableNumber })),
    /** The last step with a report. */
    latest: Type.Union([Merchants, Type.Null()]),
  }),
  integration: oneOf(INTEGRATION_STATES),
});

export const OverviewQuery = Type.Object({
  status: Type.Optional(oneOf(PARTNER_STATUSES)),
  /** Partners with an unresolved escalation at least this severe. */
  severity: Type.Optional(oneOf(HEALTH_SEVERITIES)),
});

export const OverviewRow = Type.Object({
  partnerId: Type.String(),
  name: Type.String(),
  status: oneOf(PARTNER_STATUSES),
  integration: oneOf(INTEGRATION_STATES),
  /** Success rate over the last 24 hours across actions; null without traffic. */
  score: NullableNumber,
  openEscalations: Type.Object({
    count: Type.Number(),
    worstSeverity: Type.Union([oneOf(HEALTH_SEVERITIES), Type.Null()]),
  }),
  /** Hourly success rates, oldest first, the current hour last; null for an hour without calls. */
  sparkline: Type.Array(NullableNumber),
  lastSignalAt: NullableTimestamp,
});

export const HealthOverview = Type.Array(OverviewRow);
