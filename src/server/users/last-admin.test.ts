import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildUser, signedInUser } from '../../../tests/support/factories.js';
import { createTestApp, type TestApp } from '../../../tests/support/test-app.js';
import type { Actor } from '../auth/actor.js';
import { users } from '../db/schema/index.js';
import { changeAccount } from './accounts.js';
import { deleteUser, setUserDisabled } from './service.js';

const enabledAdmins = async (t: TestApp) =>
  (await t.ctx.db.select().from(users).where(eq(users.role, 'admin'))).filter((u) => u.disabledAt === null);

describeEachDatabase('the last platform admin', (kind) => {
  it('cannot be disabled, demoted or deleted, not even by themselves; disabled admins do not count', async () => {
    const t = await createTestApp(kind);
    const admin = await signedInUser(t, { role: 'admin' });
    const other = await buildUser(t, { role: 'admin' });
    const patch = (id: string, disabled: boolean) =>
      admin.request({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { disabled } });
    expect((await patch(other.id, true)).statusCode).toBe(200);

    const self = await patch(admin.user.id, true);
    expect(self.statusCode).toBe(409);
    expect(self.json().error.message).toMatch(/at least one enabled platform admin/);
    expect(
      (await admin.request({ method: 'DELETE', url: `/api/v1/users/${admin.user.id}` })).statusCode,
    ).toBe(409);
    // No route demotes staff today; the rule that every route goes through refuses it all the same.
    const demote = t.ctx.db.transaction((tx) =>
      changeAccount(t.ctx, tx, admin.user.id, { role: 'support_agent' }),
    );
    await expect(demote).rejects.toMatchObject({ code: 'conflict' });
    expect((await admin.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);

    expect((await patch(other.id, false)).statusCode).toBe(200);
    expect((await patch(admin.user.id, true)).statusCode).toBe(200);
    expect(await enabledAdmins(t)).toHaveLength(1);
    await t.close();
  });

  it('survives two admins removing each other at once: one wins, one gets 409', async () => {
    const t = await createTestApp(kind);
    const actorFor = (user: { id: string; email: string }): Actor => ({
      kind: 'user',
      user: {
        ...user,
        name: 'Admin',
        role: 'admin',
        partnerId: null,
        locale: 'en',
        contactsPromptedAt: null,
      },
      sessionIdHash: 'unused',
      csrfToken: 'unused',
    });
    // Several rounds, so that without the lock the two checks interleave before either commits.
    for (let round = 0; round < 5; round++) {
      await t.ctx.db.update(users).set({ disabledAt: t.clock.now() }).where(eq(users.role, 'admin'));
      const first = await buildUser(t, { role: 'admin' });
      const second = await buildUser(t, { role: 'admin' });
      const outcomes = await Promise.allSettled([
        setUserDisabled(t.ctx, actorFor(first), second.id, true),
        deleteUser(t.ctx, actorFor(second), first.id),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const [refused] = outcomes.filter((o) => o.status === 'rejected');
      expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
      expect(await enabledAdmins(t)).toHaveLength(1);
    }
    await t.close();
  });
});
