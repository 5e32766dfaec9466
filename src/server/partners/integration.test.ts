import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { listAudit } from '../audit/service.js';
import { HOUR, MINUTE } from '../lib/clock.js';
import { listOutbox } from '../notifications/service.js';
import { formatMoment } from '../notifications/templates.js';

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

  const reminders = async (partnerId: string) =>
    (await listOutbox(t.ctx, { partnerId })).filter((m) => m.template === 'integration_resume_reminder');
  const resumedAudits = async (partnerId: string) =>
    (await listAudit(t.ctx, { partnerId })).filter((e) => e.action === 'integration.resumed');

  it('tells the partner exactly an hour before the expected end, and resumes by itself exactly at it', async () => {
    const { partner, admin } = await launchedPartner();
    const start = t.clock.now().getTime();
    const end = new Date(start + 4 * HOUR);
    await pause(admin, partner.id, { reason: 'Migration', expectedEnd: end.toISOString() });

    t.clock.set(new Date(end.getTime() - HOUR - 1));
    await t.worker.runDue();
    expect(await reminders(partner.id)).toEqual([]);

    t.clock.advance(1);
    await t.worker.runDue();
    const sent = await reminders(partner.id);
    expect(sent.map((m) => m.recipient).sort()).toEqual(
      [admin.user.email, `pager-${partner.id.slice(0, 8)}@example.test`].sort(),
    );
    expect(sent.every((m) => m.createdAt.getTime() === end.getTime() - HOUR)).toBe(true);
    expect(sent.find((m) => m.recipient === admin.user.email)?.params).toMatchObject({
      until: formatMoment('en', end),
    });

    t.clock.set(new Date(end.getTime() - 1));
    await t.worker.runDue();
    expect((await state(admin, partner.id)).integrationState).toBe('paused');
    expect(await reminders(partner.id)).toHaveLength(2);

    t.clock.advance(1);
    await t.worker.runDue();
    expect(await state(admin, partner.id)).toMatchObject({
      integrationState: 'active',
      pausedUntil: null,
      stateReason: null,
      stateChangedAt: end.toISOString(),
    });
    const [audit] = await listAudit(t.ctx, { partnerId: partner.id });
    expect(audit).toMatchObject({ action: 'integration.resumed', actorLabel: 'system', at: end });
  });

  it('reminds at once when the pause is shorter than the notice', async () => {
    const { partner, admin } = await launchedPartner();
    const now = t.clock.now();
    await pause(admin, partner.id, {
      reason: 'Quick fix',
      expectedEnd: new Date(now.getTime() + 30 * MINUTE).toISOString(),
    });
    await t.worker.runDue();
    const sent = await reminders(partner.id);
    expect(sent).toHaveLength(2);
    expect(sent.every((m) => m.createdAt.getTime() === now.getTime())).toBe(true);
  });

  it('extending a pause moves the reminder and the resume to the new end, and drops the old ones', async () => {
    const { partner, admin } = await launchedPartner();
    const start = t.clock.now().getTime();
    const firstEnd = new Date(start + 2 * HOUR);
    await pause(admin, partner.id, { reason: 'Short', expectedEnd: firstEnd.toISOString() });
    const laterEnd = new Date(start + 6 * HOUR);
    expect(
      (await pause(admin, partner.id, { reason: 'Longer', expectedEnd: laterEnd.toISOString() })).statusCode,
    ).toBe(200);

    // Past the old end (and its reminder): nothing happens.
    t.clock.set(new Date(firstEnd.getTime() + MINUTE));
    await t.worker.runDue();
    expect((await state(admin, partner.id)).integrationState).toBe('paused');
    expect(await reminders(partner.id)).toEqual([]);

    t.clock.set(new Date(laterEnd.getTime() - HOUR - 1));
    await t.worker.runDue();
    expect(await reminders(partner.id)).toEqual([]);
    t.clock.advance(1);
    await t.worker.runDue();
    expect(await reminders(partner.id)).toHaveLength(2);

    t.clock.set(new Date(laterEnd.getTime() - 1));
    await t.worker.runDue();
    expect((await state(admin, partner.id)).integrationState).toBe('paused');
    t.clock.advance(1);
    await t.worker.runDue();
    expect((await state(admin, partner.id)).integrationState).toBe('active');
    expect(await resumedAudits(partner.id)).toEqual([
      expect.objectContaining({ actorLabel: 'system', at: laterEnd }),
    ]);
  });

  it('resuming early drops the timer: the old end passes without another resume or reminder', async () => {
    const { partner, admin } = await launchedPartner();
    const end = new Date(t.clock.now().getTime() + 2 * HOUR);
    await pause(admin, partner.id, { reason: 'Short', expectedEnd: end.toISOString() });
    const resume = () =>
      admin.request({ method: 'POST', url: `/api/v1/partners/${partner.id}/integration/resume` });
    expect((await resume()).statusCode).toBe(200);
    expect((await resume()).statusCode).toBe(409);

    t.clock.set(new Date(end.getTime() + MINUTE));
    await t.worker.runDue();
    expect((await state(admin, partner.id)).integrationState).toBe('active');
    expect(await reminders(partner.id)).toEqual([]);
    expect(await resumedAudits(partner.id)).toEqual([
      expect.objectContaining({ actorLabel: admin.user.email }),
    ]);
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
