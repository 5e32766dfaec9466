import { Type } from 'typebox';
import {
  INTEGRATION_STATES,
  type IntegrationState,
  PARTNER_STATUSES,
  type PartnerStatus,
} from '../../shared/partners.js';
import { Timestamp } from '../lib/schema-types.js';

export const PartnerStatusSchema = Type.Unsafe<PartnerStatus>(Type.String({ enum: [...PARTNER_STATUSES] }));
export const IntegrationStateSchema = Type.Unsafe<IntegrationState>(
  Type.String({ enum: [...INTEGRATION_STATES] }),
);

export const PartnerParams = Type.Object({ partnerId: Type.String() });

export const PartnerView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  status: PartnerStatusSchema,
  integrationState: IntegrationStateSchema,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreatePartnerBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), status: Type.Optional(PartnerStatusSchema) },
  { additionalProperties: false },
);

export const IntegrationView = Type.Object({
  partnerId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  status: PartnerStatusSchema,
  integrationState: IntegrationStateSchema,
});
