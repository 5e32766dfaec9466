import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { auditRowsAbout } from '../../../tests/support/answers.js';
import { DATABASE_KINDS, describeEachDatabase } from '../../../tests/support/databases.js';
import { createTestApp } from '../../../tests/support/test-app.js';
import { users } from '../db/schema/index.js';
import { ensureFirstAdmin } from './platform-admins.js';

describeEachDatabase('first admin', (kind) => {
  it('creates the admin from ADMIN_EMAIL / ADMIN_PASSWORD once', async () => {
    const t = await createTestApp(kind, {
      config: { adminEmail: 'ops@example.test', adminPassword: 'a long enough password' },
    });
    expect(await ensureFirstAdmin(t.ctx)).toEqual({
      email: 'ops@example.test',
      password: null,
      existing: false,
    });
    expect(await ensureFirstAdmin(t.ctx)).toBeNull();
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ops@example.test', password: 'a long enough password' },
    });
    expect(login.statusCode).toBe(200);
    await t.close();
  });

  it('generates a one-time password when none is configured', async () => {
    const t = await createTestApp(kind);
    const created = await ensureFirstAdmin(t.ctx);
    expect(created?.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const [admin] = await t.ctx.db
      .select()
      .from(users)
      .where(eq(users.email, created?.email ?? ''));
    expect(admin?.role).toBe('admin');
    await t.close();
  });

  it('restores a way in at start when every admin is disabled: ADMIN_EMAIL, or the default admin', async () => {
    const t = await createTestApp(kind);
    const first = await ensureFirstAdmin(t.ctx);
    // Data from before the last admin was protected: nobody can sign in.
    await t.ctx.db.update(users).set({ disabledAt: t.clock.now() }).where(eq(users.role, 'admin'));

    const withEnv = {
      ...t.ctx,
      config: { ...t.ctx.config, adminEmail: 'ops@example.test', adminPassword: 'a long enough password' },
    };
    expect(await ensureFirstAdmin(withEnv)).toEqual({
      email: 'ops@example.test',
      password: null,
      existing: false,
    });
    expect(await ensureFirstAdmin(withEnv)).toBeNull();
    const login = (email: string, password: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    expect((await login('ops@example.test', 'a long enough password')).statusCode).toBe(200);

    // Without ADMIN_EMAIL the default admin comes back, re-enabled with a fresh one-time password.
    await t.ctx.db.update(users).set({ disabledAt: t.clock.now() }).where(eq(users.role, 'admin'));
    const again = await ensureFirstAdmin(t.ctx);
    expect(again).toMatchObject({ email: first?.email, existing: true });
    expect(again?.password).not.toBe(first?.password);
    expect((await login(first?.email ?? '', first?.password ?? '')).statusCode).toBe(401);
    expect((await login(again?.email ?? '', again?.password ?? '')).statusCode).toBe(200);
    await t.close();
  });

  it('audits the first admin as created by the system, named Administrator, with its reason', async () => {
    const t = await createTestApp(kind);
    const created = await ensureFirstAdmin(t.ctx);
    const [admin] = await t.ctx.db.select().from(users).where(eq(users.email, 'admin@switchboard.local'));
    expect(created).toMatchObject({ email: 'admin@switchboard.local', existing: false });
    expect(admin).toMatchObject({ name: 'Administrator', role: 'admin', partnerId: null, disabledAt: null });
    expect(await auditRowsAbout(t, admin?.id ?? '', 'user.created')).toEqual([
      {
        partnerId: null,
        actorLabel: 'system',
        actorUserId: null,
        actorTokenId: null,
        subjectType: 'user',
        subjectId: admin?.id,
        before: null,
        after: { email: 'admin@switchboard.local', role: 'admin', reason: 'no enabled admin at start' },
      },
    ]);
    await t.close();
  });

  it('answers 409, not 500, when two admins create the same user at once', async () => {
    const t = await createTestApp(kind);
    const { signedInUser } = await import('../../../tests/support/factories.js');
    const admin = await signedInUser(t, { role: 'admin' });
    const create = () =>
      admin.request({
        method: 'POST',
        url: '/api/v1/users',
        payload: {
          email: 'twice@example.test',
          name: 'Twice',
          role: 'support_agent',
          password: 'a long password 1',
        },
      });
    const statuses = (await Promise.all([create(), create(), create()])).map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409]);
    await t.close();
  });
});

it.runIf(DATABASE_KINDS.includes('postgres'))(
  'creates exactly one admin when two PostgreSQL instances start at once',
  async () => {
    const t = await createTestApp('postgres');
    const second = await t.database.reopen();
    const otherInstance = { ...t.ctx, db: second.db };
    const results = await Promise.all([ensureFirstAdmin(t.ctx), ensureFirstAdmin(otherInstance)]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const admins = await t.ctx.db.select().from(users).where(eq(users.role, 'admin'));
    expect(admins).toHaveLength(1);
    await second.close();
    await t.close();
  },
);
