import { Type } from 'typebox';
import { Email, LocaleSchema, RoleSchema } from '../auth/schemas.js';
import { NullableTimestamp, Secret, Timestamp } from '../lib/schema-types.js';

export const UserDetails = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  partnerId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  locale: LocaleSchema,
  disabledAt: NullableTimestamp,
  lastLoginAt: NullableTimestamp,
  createdAt: Timestamp,
});

export const CreateUserBody = Type.Object(
  {
    email: Email,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: RoleSchema,
    partnerId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    password: Secret({ minLength: 12, maxLength: 1024 }),
    locale: Type.Optional(LocaleSchema),
  },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object({ disabled: Type.Boolean() }, { additionalProperties: false });
export const UserParams = Type.Object({ userId: Type.String({ format: 'uuid' }) });
