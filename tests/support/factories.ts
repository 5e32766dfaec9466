import { eq } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { partners, users } from '../../src/server/db/schema/index.js';
import { insertUser, type NewUser } from '../../src/server/users/service.js';
import type { TestApp } from './test-app.js';

export const PASSWORD = 'correct horse battery staple';

let sequence = 0;
export const unique = (prefix: string) => `${prefix}-${process.pid}-${(sequence++).toString(36)}`;

export async function buildPartner(t: TestApp, overrides: Partial<typeof partners.$inferInsert> = {}) {
  const now = t.clock.now();
  const [partner] = await t.ctx.db
    .insert(partners)
    .values({ name: unique('Partner'), status: 'launched', createdAt: now, updatedAt: now, ...overrides })
    .returning();
  if (!partner) throw new Error('partner not created');
  return partner;
}

/** `contactsPrompted`: the user has already seen the first-visit contacts prompt. */
export async function buildUser(
  t: TestApp,
  overrides: Partial<NewUser> & { contactsPrompted?: boolean } = {},
) {
  const { contactsPrompted, ...fields } = overrides;
  const user = await insertUser(t.ctx, t.ctx.db, {
    email: `${unique('user')}@example.test`,
    name: 'Test User',
    role: 'admin',
    password: PASSWORD,
    ...fields,
  });
  if (contactsPrompted)
    await t.ctx.db.update(users).set({ contactsPromptedAt: t.clock.now() }).where(eq(users.id, user.id));
  return user;
}

export interface Agent {
  user: { id: string; email: string; role: string; partnerId: string | null };
  cookie: string;
  csrfToken: string;
  /** Sends the session cookie and, for writes, the CSRF header, like the SPA does. */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function signIn(
  t: TestApp,
  email: string,
  password = PASSWORD,
  ip = '10.0.0.1',
): Promise<Agent> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'sb_session');
  if (!cookie) throw new Error('no session cookie');
  const body = response.json() as { user: Agent['user']; csrfToken: string };
  return {
    user: body.user,
    cookie: cookie.value,
    csrfToken: body.csrfToken,
    request(options) {
      return t.app.inject({
        ...options,
        cookies: { sb_session: cookie.value, ...(options.cookies ?? {}) },
        headers: { 'x-csrf-token': body.csrfToken, ...(options.headers ?? {}) },
      });
    },
  };
}

/** A user of the given role (and partner) who is signed in. */
export async function signedInUser(t: TestApp, overrides: Partial<NewUser> = {}): Promise<Agent> {
  const user = await buildUser(t, overrides);
  return signIn(t, user.email);
}

/** The secret of a new ingest token (what the ordering platform sends signals with), made by a platform admin. */
export async function buildIngestToken(t: TestApp): Promise<string> {
  const admin = await signedInUser(t, { role: 'admin' });
  const created = await admin.request({
    method: 'POST',
    url: '/api/v1/ingest-tokens',
    payload: { name: 'platform' },
  });
  return created.json().secret as string;
}
