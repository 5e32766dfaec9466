import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { auditRowsAbout, errorOf } from '../../../tests/support/answers.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildUser, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import type { Actor } from '../auth/actor.js';
import { toSessionUser } from '../auth/sessions.js';
import { oncallSettings } from '../db/schema/index.js';
import { readOncallSettings, updateOncallSettings } from './settings.js';

/** The on-call settings: their defaults, the service they name must exist, and each change audited. */
describeEachDatabase('on-call settings rules', (kind) => {
  const t = useTestApp(kind);
  const url = '/api/v1/oncall-settings';

  it('without a stored row, pages urgent cases to every admin with a 30-minute acknowledgement; keeps each change, audited', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    // The migrations store a row naming the seeded urgent-cases service; without one, the defaults hold.
    await t.ctx.db.delete(oncallSettings);
    expect((await admin.request({ method: 'GET', url })).json()).toEqual({
      urgentCaseServiceId: null,
      ackTimeoutMinutes: 30,
    });
    const policy = await admin.request({
      method: 'POST',
      url: '/api/v1/escalation-policies',
      payload: { name: 'Urgent', levels: [{ delayMinutes: 5, targets: [] }], repeat: 0 },
    });
    const service = await admin.request({
      method: 'POST',
      url: '/api/v1/services',
      payload: { name: 'Urgent cases', escalationPolicyId: policy.json().id },
    });
    const serviceId = service.json().id as string;
    const put = (payload: object) => admin.request({ method: 'PUT', url, payload });

    const first = { urgentCaseServiceId: serviceId, ackTimeoutMinutes: 0 };
    expect((await put(first)).json()).toEqual(first);
    const second = { urgentCaseServiceId: null, ackTimeoutMinutes: 45 };
    expect((await put(second)).json()).toEqual(second);
    expect(await readOncallSettings(t.ctx.db)).toEqual(second);

    const row = {
      partnerId: null,
      actorLabel: admin.user.email,
      actorUserId: admin.user.id,
      actorTokenId: null,
      subjectType: 'oncall_settings',
      subjectId: '1',
    };
    expect(await auditRowsAbout(t, '1', 'oncall.settings_changed')).toEqual([
      { ...row, before: first, after: second },
      { ...row, before: { urgentCaseServiceId: null, ackTimeoutMinutes: 30 }, after: first },
    ]);
  });

  it('refuses a service that does not exist, also one whose id is no UUID, changing nothing', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    const before = await readOncallSettings(t.ctx.db);
    const unknown = {
      status: 400,
      code: 'validation',
      message: 'urgentCaseServiceId: is not a known service',
      field: 'urgentCaseServiceId',
      reason: 'invalid_id',
    };
    expect(
      await errorOf(
        admin.request({
          method: 'PUT',
          url,
          payload: { urgentCaseServiceId: randomUUID(), ackTimeoutMinutes: 10 },
        }),
      ),
    ).toEqual(unknown);
    const actor: Actor = {
      kind: 'user',
      user: toSessionUser(await buildUser(t, { role: 'admin' })),
      sessionIdHash: 'x',
      csrfToken: 'x',
    };
    await expect(
      updateOncallSettings(t.ctx, actor, { urgentCaseServiceId: 'not-a-uuid', ackTimeoutMinutes: 10 }),
    ).rejects.toMatchObject({
      code: 'validation',
      message: unknown.message,
      details: { field: 'urgentCaseServiceId', reason: 'invalid_id' },
    });
    expect(await readOncallSettings(t.ctx.db)).toEqual(before);
  });
});
