import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { createTestApp } from '../../../tests/support/test-app.js';
import { users } from '../db/schema/index.js';
import { ensureFirstAdmin } from './service.js';

describeEachDatabase('first admin', (kind) => {
  it('creates the admin from ADMIN_EMAIL / ADMIN_PASSWORD once', async () => {
    const t = await createTestApp(kind, {
      config: { adminEmail: 'ops@example.test', adminPassword: 'a long enough password' },
    });
    expect(await ensureFirstAdmin(t.ctx)).toEqual({ email: 'ops@example.test', password: null });
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
});
