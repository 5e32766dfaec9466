import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { listAudit } from '../audit/service.js';
import { HOUR, MINUTE } from '../lib/clock.js';
import { listOutbox } from '../notifications/service.js';

describeEachDatabase('integration state', (kind) => {
  const t = useTestApp(kind);

  async function launchedPartner() {
    const partner = await buildPartner(t, { status: 'launched' });
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const member = await signedInUser(t, { role: 'partner_member', partnerId: partner.id });
    await admin.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/contacts`,
      payload: {
        role: 'technical_emergency',
        name: 'Pager',
        email: `pager-${partner.id.slice(0, 8)}@example.test`,
        locale: 'de',
      },
    });
    return { partner, admin, member };
  }

  const pause = (agent: Agent, partnerId: string, payload: object) =>
    agent.request({ method: 'POST', url: `/api/v1/partners/${partnerId}/integration/pause`, payload });
  const state = async (agent: Agent, partnerId: string) =>
    (await agent.request({ method: 'GET', url: `/api/v1/partners/${partnerId}` })).json();

  it('pauses with a reason, shows who and when, tells admins and technical contacts, and the platform sees it', async () => {
    const { partner, admin } = await launchedPartner();
    const expectedEnd = new Date(t.clock.now().getTime() + 3 * HOUR);
    const response = await pause(admin, partner.id, {
      reason: 'POS upgrade',
      expectedEnd: expectedEnd.toISOString(),
    });
    expect(response.statusCode).toBe(200);
    expect(await state(admin, partner.id)).toMatchObject({
      integrationState: 'paused',
      stateReason: 'POS upgrade',
      pausedUntil: expectedEnd.toISOString(),
      stateChangedAt: t.clock.now().toISOString(),
    });
    const outbox = await listOutbox(t.ctx, { partnerId: partner.id });
    expect(outbox.map((m) => m.recipient).sort()).toEqual(
      [admin.user.email, `pager-${partner.id.slice(0, 8)}@example.test`].sort(),
    );
    expect(outbox.find((m) => m.recipient.startsWith('pager'))?.subject).toContain('pausiert');

    const platformAdmin = await signedInUser(t, { role: 'admin' });
    const integrations = (await platformAdmin.request({ method: 'GET', url: '/api/v1/integrations' })).json();
    expect(integrations).toContainEqual(
      expect.objectContaining({
        partnerId: partner.id,
        integrationState: 'paused',
        stateReason: 'POS upgrade',
      }),
    );

    const [audit] = await listAudit(t.ctx, { partnerId: partner.id });
    expect(audit).toMatchObject({
      action: 'integration.paused',
      actorLabel: admin.user.email,
      before: { integrationState: 'active' },
      after: { integrationState: 'paused', stateReason: 'POS upgrade' },
    });
  });

  it('rejects a pause without a reason, with an end in the past, or by a non-admin member', async () => {
    const { partner, admin, member } = await launchedPartner();
    const noReason = await pause(admin, partner.id, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('reason');
    const past = await pause(admin, partner.id, {
      reason: 'x',
      expectedEnd: new Date(t.clock.now().getTime() - MINUTE).toISOString(),
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.field).toBe('expectedEnd');
    expect((await pause(member, partner.id, { reason: 'x' })).statusCode).toBe(403);
    expect((await state(admin, partner.id)).integrationState).toBe('active');
  });

  it('resumes by itself at the expected end, after telling the partner an hour before', async () => {
    const { partner, admin } = await launchedPartner();
    await pause(admin, partner.id, {
      reason: 'Migration',
      expectedEnd: new Date(t.clock.now().getTime() + 4 * HOUR).toISOString(),
    });
    const before = (await listOutbox(t.ctx, { partnerId: partner.id })).length;

    t.clock.advance(2 * HOUR);
    await t.worker.runDue();
    expect((await listOutbox(t.ctx, { partnerId: partner.id })).length).toBe(before);

    t.clock.advance(HOUR);
    await t.worker.runDue();
    const reminders = (await listOutbox(t.ctx, { partnerId: partner.id })).filter(
      (m) => m.template === 'integration_resume_reminder',
    );
    expect(reminders).toHaveLength(2);
    expect((await state(admin, partner.id)).integrationState).toBe('paused');

    t.clock.advance(HOUR);
    await t.worker.runDue();
    expect(await state(admin, partner.id)).toMatchObject({
      integrationState: 'active',
      pausedUntil: null,
      stateReason: null,
    });
    const [audit] = await listAudit(t.ctx, { partnerId: partner.id });
    expect(audit).toMatchObject({ action: 'integration.resumed', actorLabel: 'system' });
  });

  it('drops the old timer when the partner resumes early or extends the pause', async () => {
    const { partner, admin } = await launchedPartner();
    const firstEnd = new Date(t.clock.now().getTime() + 2 * HOUR);
    await pause(admin, partner.id, { reason: 'Short', expectedEnd: firstEnd.toISOString() });
    const laterEnd = new Date(t.clock.now().getTime() + 6 * HOUR);
    expect(
      (await pause(admin, partner.id, { reason: 'Longer', expectedEnd: laterEnd.toISOString() })).statusCode,
    ).toBe(200);
    t.clock.advance(2 * HOUR + MINUTE);
    await t.worker.runDue();
    expect((await state(admin, partner.id)).integrationState).toBe('paused');

    expect(
      (await admin.request({ method: 'POST', url: `/api/v1/partners/${partner.id}/integration/resume` }))
        .statusCode,
    ).toBe(200);
    expect(
      (await admin.request({ method: 'POST', url: `/api/v1/partners/${partner.id}/integration/resume` }))
        .statusCode,
    ).toBe(409);
  });

  it('lets only platform staff re-enable an integration the platform disabled', async () => {
    const { partner, admin } = await launchedPartner();
    const platformAdmin = await signedInUser(t, { role: 'admin' });
    const disable = await platformAdmin.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/integration/disable`,
      payload: { reason: 'Checkout failing for 1 hour' },
    });
    expect(disable.statusCode).toBe(200);
    expect(
      (await admin.request({ method: 'POST', url: `/api/v1/partners/${partner.id}/integration/resume` }))
        .statusCode,
    ).toBe(409);
    expect((await pause(admin, partner.id, { reason: 'x' })).statusCode).toBe(409);
    expect(
      (await admin.request({ method: 'POST', url: `/api/v1/partners/${partner.id}/integration/enable` }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await platformAdmin.request({
          method: 'POST',
          url: `/api/v1/partners/${partner.id}/integration/enable`,
        })
      ).statusCode,
    ).toBe(200);
    expect((await state(admin, partner.id)).integrationState).toBe('active');
  });

  it('only pauses launched integrations', async () => {
    const partner = await buildPartner(t, { status: 'integrating' });
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    expect((await pause(admin, partner.id, { reason: 'x' })).statusCode).toBe(409);
  });
});
