import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { ACCOUNT_LINK, integrationPartners } from '../../../tests/support/integration-partners.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { HOUR, MINUTE } from '../lib/clock.js';
import { formatMoment } from '../notifications/templates.js';
import { disableIntegration, pauseIntegration } from './integration.js';

/**
 * Each integration move: who may make it, what it refuses, what it audits and whom it mails. The timers a pause
 * sets: integration-timers.test.ts.
 */
describeEachDatabase('integration state rules', (kind) => {
  const t = useTestApp(kind);
  const { launchedPartner, post, account, integrationAudits, mails, timers, userActor } =
    integrationPartners(t);

  it('answers each refused move with the exact error API clients read, and changes nothing', async () => {
    const { partner, admin } = await launchedPartner();
    const platformAdmin = await signedInUser(t, { role: 'admin' });
    const error = async (response: Promise<{ statusCode: number; json(): unknown }>) => {
      const r = await response;
      return { status: r.statusCode, ...(r.json() as { error: object }).error };
    };

    expect(
      await error(post(admin, partner.id, 'pause', { reason: 'x', expectedEnd: t.clock.now() })),
    ).toEqual({
      status: 400,
      code: 'validation',
      message: 'expectedEnd: must be in the future',
      field: 'expectedEnd',
      reason: 'not_in_future',
    });
    expect(await error(post(admin, partner.id, 'resume'))).toEqual({
      status: 409,
      code: 'conflict',
      message: 'the integration is already active',
    });
    expect(await error(post(platformAdmin, partner.id, 'enable'))).toEqual({
      status: 409,
      code: 'conflict',
      message: 'only a disabled integration can be re-enabled',
    });

    expect(
      (await post(platformAdmin, partner.id, 'disable', { reason: 'Checkout failing' })).statusCode,
    ).toBe(200);
    expect(await error(post(admin, partner.id, 'pause', { reason: 'x' }))).toEqual({
      status: 409,
      code: 'conflict',
      message: 'the platform disabled this integration; it cannot be paused',
    });
    expect(await error(post(admin, partner.id, 'resume'))).toEqual({
      status: 409,
      code: 'conflict',
      message: 'only the platform can re-enable a disabled integration',
    });
    expect(await error(post(platformAdmin, partner.id, 'disable', { reason: 'again' }))).toEqual({
      status: 409,
      code: 'conflict',
      message: 'the integration is already disabled',
    });
    expect((await integrationAudits(partner.id)).map((e) => e.action)).toEqual(['integration.disabled']);
    expect(await account(admin, partner.id)).toMatchObject({
      integrationState: 'disabled',
      stateReason: 'Checkout failing',
    });

    const integrating = await buildPartner(t, { status: 'integrating' });
    const itsAdmin = await signedInUser(t, { role: 'partner_admin', partnerId: integrating.id });
    expect(await error(post(itsAdmin, integrating.id, 'pause', { reason: 'x' }))).toEqual({
      status: 409,
      code: 'conflict',
      message: 'only a launched integration can be paused',
    });
    expect(await integrationAudits(integrating.id)).toEqual([]);
  });

  it('refuses a blank reason and an unknown partner in the service itself, and trims the reasons it keeps', async () => {
    const { partner } = await launchedPartner();
    const actor = await userActor(partner.id);
    const required = {
      code: 'validation',
      message: 'reason: is required',
      details: { field: 'reason', reason: 'required' },
    };
    await expect(pauseIntegration(t.ctx, actor, partner.id, { reason: ' \n ' })).rejects.toMatchObject(
      required,
    );
    await expect(disableIntegration(t.ctx, actor, partner.id, '  ')).rejects.toMatchObject(required);
    await expect(pauseIntegration(t.ctx, actor, randomUUID(), { reason: 'x' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'partner not found',
    });
    expect(await integrationAudits(partner.id)).toEqual([]);

    expect(await pauseIntegration(t.ctx, actor, partner.id, { reason: '  POS upgrade \n' })).toMatchObject({
      integrationState: 'paused',
      stateReason: 'POS upgrade',
      pausedUntil: null,
    });
    expect(await disableIntegration(t.ctx, actor, partner.id, ' Chargebacks ')).toMatchObject({
      integrationState: 'disabled',
      stateReason: 'Chargebacks',
    });
  });

  it('audits every move exactly, names who made it, and mails each recipient what happened', async () => {
    const { partner, admin, pager } = await launchedPartner('Döner Direct');
    const platformAdmin = await signedInUser(t, { role: 'admin', name: 'Pia Platform' });
    const snapshot = (integrationState: string, stateReason: string | null, pausedUntil: string | null) => ({
      integrationState,
      stateReason,
      pausedUntil,
    });
    const row = (action: string, actorLabel: string, before: object, after: object) => ({
      action,
      actorLabel,
      partnerId: partner.id,
      subjectType: 'partner',
      subjectId: partner.id,
      before,
      after,
    });
    const start = t.clock.now().getTime();
    const firstEnd = new Date(start + 3 * HOUR);
    const laterEnd = new Date(start + 5 * HOUR);

    // Paused without an end: no timers at all.
    const open = await post(admin, partner.id, 'pause', { reason: 'Menu sync' });
    expect(open.statusCode).toBe(200);
    expect(open.json()).toMatchObject({ integrationState: 'paused', pausedUntil: null });
    expect(await timers(partner.id)).toEqual([]);
    expect(await account(admin, partner.id)).toMatchObject({
      stateChangedBy: 'Ada Admin',
      stateChangedAt: new Date(start).toISOString(),
    });
    expect(await mails(partner.id, 'integration_paused')).toEqual([
      {
        to: admin.user.email,
        subject: 'Döner Direct: integration paused for maintenance',
        params: {
          partner: 'Döner Direct',
          actor: admin.user.email,
          reason: 'Menu sync',
          until: formatMoment('en', null),
          link: ACCOUNT_LINK,
        },
      },
      expect.objectContaining({
        to: pager,
        params: expect.objectContaining({ until: formatMoment('de', null) }),
      }),
    ]);

    t.clock.advance(MINUTE);
    await post(admin, partner.id, 'pause', { reason: 'POS upgrade', expectedEnd: firstEnd.toISOString() });
    t.clock.advance(MINUTE);
    await post(admin, partner.id, 'pause', {
      reason: 'POS upgrade, longer',
      expectedEnd: laterEnd.toISOString(),
    });
    t.clock.advance(MINUTE);
    expect((await post(admin, partner.id, 'resume')).statusCode).toBe(200);
    const resumed = await mails(partner.id, 'integration_resumed');
    expect(resumed).toEqual([
      {
        to: admin.user.email,
        subject: 'Döner Direct: integration active again',
        params: {
          partner: 'Döner Direct',
          actor: admin.user.email,
          reason: '',
          until: formatMoment('en', null),
          link: ACCOUNT_LINK,
        },
      },
      expect.objectContaining({ to: pager }),
    ]);
    t.clock.advance(MINUTE);
    await post(platformAdmin, partner.id, 'disable', { reason: 'Checkout failing' });
    expect(await account(admin, partner.id)).toMatchObject({ stateChangedBy: 'Pia Platform' });
    expect((await mails(partner.id, 'integration_disabled')).map((m) => [m.to, m.subject, m.params])).toEqual(
      [
        [
          admin.user.email,
          'Döner Direct: integration disabled by the platform',
          {
            partner: 'Döner Direct',
            actor: platformAdmin.user.email,
            reason: 'Checkout failing',
            until: formatMoment('en', null),
            link: ACCOUNT_LINK,
          },
        ],
        [pager, expect.any(String), expect.objectContaining({ reason: 'Checkout failing' })],
      ],
    );
    t.clock.advance(MINUTE);
    await post(platformAdmin, partner.id, 'enable');
    expect((await mails(partner.id, 'integration_enabled')).map((m) => [m.to, m.subject])).toEqual([
      [admin.user.email, 'Döner Direct: integration re-enabled'],
      [pager, expect.any(String)],
    ]);

    const audits = await integrationAudits(partner.id);
    expect(audits.map((e) => e.at.getTime() - start)).toEqual([5, 4, 3, 2, 1, 0].map((m) => m * MINUTE));
    expect(audits).toEqual(
      [
        row(
          'integration.enabled',
          platformAdmin.user.email,
          snapshot('disabled', 'Checkout failing', null),
          snapshot('active', null, null),
        ),
        row(
          'integration.disabled',
          platformAdmin.user.email,
          snapshot('active', null, null),
          snapshot('disabled', 'Checkout failing', null),
        ),
        row(
          'integration.resumed',
          admin.user.email,
          snapshot('paused', 'POS upgrade, longer', laterEnd.toISOString()),
          snapshot('active', null, null),
        ),
        row(
          'integration.pause_changed',
          admin.user.email,
          snapshot('paused', 'POS upgrade', firstEnd.toISOString()),
          snapshot('paused', 'POS upgrade, longer', laterEnd.toISOString()),
        ),
        row(
          'integration.pause_changed',
          admin.user.email,
          snapshot('paused', 'Menu sync', null),
          snapshot('paused', 'POS upgrade', firstEnd.toISOString()),
        ),
        row(
          'integration.paused',
          admin.user.email,
          snapshot('active', null, null),
          snapshot('paused', 'Menu sync', null),
        ),
      ].map((r) => expect.objectContaining(r)),
    );
  });
});
