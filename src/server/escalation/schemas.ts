import { Type } from 'typebox';
import { INTEGRATION_TYPES } from '../../shared/oncall.js';
import { oneOf, Timestamp } from '../lib/schema-types.js';

const Uuid = Type.String({ format: 'uuid' });

const Level = Type.Object({
  delayMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
  targets: Type.Array(
    Type.Object({ type: Type.Union([Type.Literal('user'), Type.Literal('schedule')]), id: Uuid }),
    { maxItems: 20 },
  ),
});

export const PolicyBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  levels: Type.Array(Level, { minItems: 1, maxItems: 20 }),
  repeat: Type.Integer({ minimum: 0, maximum: 9 }),
});

export const PolicyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  levels: Type.Array(
    Type.Object({
      delayMinutes: Type.Number(),
      targets: Type.Array(Type.Object({ type: Type.String(), id: Type.String() })),
    }),
  ),
  repeat: Type.Number(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const ServiceBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  escalationPolicyId: Uuid,
});

export const IntegrationView = Type.Object({
  id: Type.String(),
  type: Type.String(),
  key: Type.String(),
  url: Type.String(),
  createdAt: Timestamp,
});

export const ServiceView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  escalationPolicyId: Type.String(),
  integrations: Type.Array(IntegrationView),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const IntegrationBody = Type.Object({ type: oneOf(INTEGRATION_TYPES) });

export const SettingsBody = Type.Object({
  urgentCaseServiceId: Type.Union([Uuid, Type.Null()]),
  ackTimeoutMinutes: Type.Integer({ minimum: 0, maximum: 1440 }),
});
