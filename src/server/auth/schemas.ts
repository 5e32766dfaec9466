import { Type } from 'typebox';
import { LOCALES, type Locale } from '../../shared/locales.js';
import { ROLES, type Role } from '../../shared/roles.js';
import { NullableTimestamp, Secret } from '../lib/schema-types.js';

export const Email = Type.String({ format: 'email', maxLength: 254 });
export const LocaleSchema = Type.Unsafe<Locale>(Type.String({ enum: [...LOCALES] }));
export const RoleSchema = Type.Unsafe<Role>(Type.String({ enum: [...ROLES] }));

export const UserView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  partnerId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  locale: LocaleSchema,
  contactsPromptedAt: NullableTimestamp,
});

export const SessionView = Type.Object({ user: UserView, csrfToken: Type.String() });

export const LoginBody = Type.Object(
  { email: Email, password: Secret({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);

export const ProfileBody = Type.Object(
  {
    locale: Type.Optional(LocaleSchema),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    contactsPrompted: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false },
);
