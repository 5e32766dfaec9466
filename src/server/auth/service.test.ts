import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner, buildUser, PASSWORD, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { login, updateProfile } from './service.js';

describeEachDatabase('sign-in and profile service', (kind) => {
  const t = useTestApp(kind);

  it('finds the account whatever the case and surrounding spaces of the email', async () => {
    const user = await buildUser(t);
    const result = await login(t.ctx, {
      email: `  ${user.email.toUpperCase()} `,
      password: PASSWORD,
      ip: '192.0.2.15',
      userAgent: null,
      deviceToken: null,
    });
    expect(result.user).toMatchObject({ id: user.id, email: user.email });
  });

  it('stamps the first-visit contacts prompt as seen, with any other change', async () => {
    const partner = await buildPartner(t);
    const agent = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const response = await agent.request({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      payload: { name: 'Ada Admin', contactsPrompted: true },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'Ada Admin',
      contactsPromptedAt: t.clock.now().toISOString(),
    });
  });

  it('treats fields given as undefined as no change', async () => {
    const user = await buildUser(t, { name: 'Unchanged' });
    const profile = await updateProfile(t.ctx, user.id, { name: undefined, locale: undefined });
    expect(profile).toMatchObject({ id: user.id, name: 'Unchanged', locale: 'en' });
  });

  it('answers 401 when the signed-in user is gone, whether or not anything changes', async () => {
    for (const changes of [{ locale: 'de' as const }, {}]) {
      await expect(updateProfile(t.ctx, randomUUID(), changes)).rejects.toMatchObject({
        code: 'unauthenticated',
        message: 'sign in required',
      });
    }
  });
});
