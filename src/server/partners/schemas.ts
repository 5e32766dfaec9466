import { Type } from 'typebox';
import {
  INTEGRATION_STATES,
  type IntegrationState,
  PARTNER_STATUSES,
  type PartnerStatus,
} from '../../shared/partners.js';
import { NullableTimestamp, Text, Timestamp } from '../lib/schema-types.js';

export const PartnerStatusSchema = Type.Unsafe<PartnerStatus>(Type.String({ enum: [...PARTNER_STATUSES] }));
export const IntegrationStateSchema = Type.Unsafe<IntegrationState>(
  Type.String({ enum: [...INTEGRATION_STATES] }),
);
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const PartnerParams = Type.Object({ partnerId: Type.String({ format: 'uuid' }) });

export const PartnerView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  status: PartnerStatusSchema,
  integrationState: IntegrationStateSchema,
  stateReason: NullableString,
  stateChangedAt: NullableTimestamp,
  pausedUntil: NullableTimestamp,
  consultantUserId: NullableString,
  supportHours: NullableString,
  supportTimezone: NullableString,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const PartnerSummaryView = Type.Pick(PartnerView, [
  'id',
  'name',
  'status',
  'integrationState',
  'consultantUserId',
  'createdAt',
]);

export const PartnerAccountView = Type.Intersect([
  PartnerView,
  Type.Object({
    consultant: Type.Union([Type.Object({ name: Type.String(), email: Type.String() }), Type.Null()]),
    /** Who last paused, resumed, disabled or enabled the integration; null when it was automatic. */
    stateChangedBy: NullableString,
    hasTechnicalEmergencyContact: Type.Boolean(),
  }),
]);

export const CreatePartnerBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), status: Type.Optional(PartnerStatusSchema) },
  { additionalProperties: false },
);

export const IntegrationView = Type.Object({
  partnerId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  status: PartnerStatusSchema,
  integrationState: IntegrationStateSchema,
  stateReason: NullableString,
  pausedUntil: NullableTimestamp,
  stateChangedAt: NullableTimestamp,
});

export const PauseBody = Type.Object(
  {
    reason: Text({ maxLength: 500 }),
    expectedEnd: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  },
  { additionalProperties: false },
);
export const ReasonBody = Type.Object({ reason: Text({ maxLength: 500 }) }, { additionalProperties: false });
export const StatusBody = Type.Object({ status: PartnerStatusSchema }, { additionalProperties: false });
export const ConsultantBody = Type.Object(
  { consultantUserId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]) },
  { additionalProperties: false },
);
export const SupportHoursBody = Type.Object(
  {
    supportHours: Type.Union([Text({ minLength: 0, maxLength: 500 }), Type.Null()]),
    supportTimezone: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
  },
  { additionalProperties: false },
);
