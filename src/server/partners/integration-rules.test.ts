import { randomUUID } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, buildUser, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { listAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import { toSessionUser } from '../auth/sessions.js';
import { jobs, partners } from '../db/schema/index.js';
import { HOUR, MINUTE } from '../lib/clock.js';
import { listOutbox } from '../notifications/service.js';
import { formatMoment } from '../notifications/templates.js';
import { disableIntegration, pauseIntegration } from './integration.js';
import { resumeIntegrationJob, resumeReminderJob } from './integration-jobs.js';

const ACCOUNT_LINK = 'http://localhost:3000/account';

describeEachDatabase('integration state rules', (kind) => {
  const t = useTestApp(kind);

  /** A launched partner with an English admin and a German emergency contact, nothing else. */
  async function launchedPartner(name = `Partner ${randomUUID().slice(0, 8)}`) {
    const partner = await buildPartner(t, { status: 'launched', name });
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id, name: 'Ada Admin' });
    const pager = `pager-${partner.id.slice(0, 8)}@example.test`;
    const added = await admin.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/contacts`,
      payload: { role: 'technical_emergency', name: 'Pager', email: pager, locale: 'de' },
    });
    expect(added.statusCode).toBe(201);
    return { partner, admin, pager };
  }

  const post = (agent: Agent, partnerId: string, action: string, payload?: object) =>
    agent.request({
      method: 'POST',
      url: `/api/v1/partners/${partnerId}/integration/${action}`,
      ...(payload ? { payload } : {}),
    });
  const account = async (agent: Agent, partnerId: string) =>
    (await agent.request({ method: 'GET', url: `/api/v1/partners/${partnerId}` })).json();
  const integrationAudits = async (partnerId: string) =>
    (await listAudit(t.ctx, { partnerId })).filter((e) => e.action.startsWith('integration.'));
  const mails = async (partnerId: string, template: string) =>
    (await listOutbox(t.ctx, { partnerId }))
      .filter((m) => m.template === template)
      .map((m) => ({ to: m.recipient, subject: m.subject, params: m.params }))
      // The partner's admin first, then its contacts.
      .sort((a, b) => Number(a.to.startsWith('pager-')) - Number(b.to.startsWith('pager-')));
  const timers = (partnerId: string) =>
    t.ctx.db
      .select({ name: jobs.name, singletonKey: jobs.singletonKey, runAt: jobs.runAt, payload: jobs.payload })
      .from(jobs)
      .where(and(eq(jobs.status, 'queued'), like(jobs.singletonKey, `%:${partnerId}`)))
      .orderBy(jobs.runAt);
  async function userActor(partnerId: string): Promise<Actor> {
    const user = await buildUser(t, { role: 'partner_admin', partnerId });
    return { kind: 'user', user: toSessionUser(user), sessionIdHash: 'x', csrfToken: 'x' };
  }

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

  it('keeps one resume and one reminder per partner under its own keys, each resuming its own partner', async () => {
    const first = await launchedPartner();
    const second = await launchedPartner();
    const now = t.clock.now().getTime();
    const firstEnd = new Date(now + 2 * HOUR);
    const secondEnd = new Date(now + 3 * HOUR);
    await post(first.admin, first.partner.id, 'pause', { reason: 'A', expectedEnd: firstEnd.toISOString() });
    await post(second.admin, second.partner.id, 'pause', {
      reason: 'B',
      expectedEnd: secondEnd.toISOString(),
    });
    const payload = { partnerId: first.partner.id, pausedUntil: firstEnd.toISOString() };
    expect(await timers(first.partner.id)).toEqual([
      {
        name: 'integration.resume-reminder',
        singletonKey: `integration.resume-reminder:${first.partner.id}`,
        runAt: new Date(firstEnd.getTime() - HOUR),
        payload,
      },
      {
        name: 'integration.resume',
        singletonKey: `integration.resume:${first.partner.id}`,
        runAt: firstEnd,
        payload,
      },
    ]);
    expect((await timers(second.partner.id)).map((j) => j.runAt)).toEqual([
      new Date(secondEnd.getTime() - HOUR),
      secondEnd,
    ]);

    t.clock.set(firstEnd);
    await t.worker.runDue();
    expect((await account(second.admin, second.partner.id)).integrationState).toBe('paused');
    t.clock.set(secondEnd);
    await t.worker.runDue();
    expect(await account(first.admin, first.partner.id)).toMatchObject({
      integrationState: 'active',
      stateChangedAt: firstEnd.toISOString(),
      stateChangedBy: null,
    });
    expect(await account(second.admin, second.partner.id)).toMatchObject({
      integrationState: 'active',
      stateChangedAt: secondEnd.toISOString(),
    });
    expect(await timers(first.partner.id)).toEqual([]);
  });

  it('mails the reminder in each recipient’s language with the end and the link to change it', async () => {
    const { partner, admin, pager } = await launchedPartner('Curry Cloud');
    const end = new Date(t.clock.now().getTime() + 2 * HOUR);
    await post(admin, partner.id, 'pause', { reason: 'Upgrade', expectedEnd: end.toISOString() });
    t.clock.set(new Date(end.getTime() - HOUR));
    await t.worker.runDue();
    expect(await mails(partner.id, 'integration_resume_reminder')).toEqual([
      {
        to: admin.user.email,
        subject: `Curry Cloud: integration resumes at ${formatMoment('en', end)}`,
        params: { partner: 'Curry Cloud', until: formatMoment('en', end), link: ACCOUNT_LINK },
      },
      {
        to: pager,
        subject: expect.stringContaining(formatMoment('de', end)),
        params: { partner: 'Curry Cloud', until: formatMoment('de', end), link: ACCOUNT_LINK },
      },
    ]);
  });

  it('drops a timer whose pause is no longer the one in force', async () => {
    const { partner, admin } = await launchedPartner();
    const end = new Date(t.clock.now().getTime() + 2 * HOUR);
    const stale = { partnerId: partner.id, pausedUntil: new Date(end.getTime() + MINUTE).toISOString() };
    const resume = resumeIntegrationJob(t.ctx);
    const remind = resumeReminderJob(t.ctx);
    const context = {} as Parameters<typeof resume.handle>[1];

    // Paused without an end: a leftover timer neither resumes nor reminds.
    await post(admin, partner.id, 'pause', { reason: 'Open-ended' });
    await resume.handle(stale, context);
    await remind.handle(stale, context);
    expect((await account(admin, partner.id)).integrationState).toBe('paused');

    // Paused until another end.
    await post(admin, partner.id, 'pause', { reason: 'Until end', expectedEnd: end.toISOString() });
    await resume.handle(stale, context);
    await remind.handle(stale, context);
    expect((await account(admin, partner.id)).integrationState).toBe('paused');

    // Active again, and a partner that does not exist.
    await post(admin, partner.id, 'resume');
    const current = { partnerId: partner.id, pausedUntil: end.toISOString() };
    await resume.handle(current, context);
    await remind.handle(current, context);
    const nobody = { partnerId: randomUUID(), pausedUntil: end.toISOString() };
    await resume.handle(nobody, context);
    await remind.handle(nobody, context);

    expect((await integrationAudits(partner.id)).map((e) => e.action)).toEqual([
      'integration.resumed',
      'integration.pause_changed',
      'integration.paused',
    ]);
    expect(await mails(partner.id, 'integration_resume_reminder')).toEqual([]);
  });

  it('leaves exactly the timers of the last of several concurrent pauses, which resumes at its end', async () => {
    const { partner, admin } = await launchedPartner();
    const now = t.clock.now().getTime();
    const ends = [1, 2, 3, 4, 5, 6].map((h) => new Date(now + h * HOUR));
    const responses = await Promise.all(
      ends.map((end, i) =>
        post(admin, partner.id, 'pause', { reason: `R${i}`, expectedEnd: end.toISOString() }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(ends.map(() => 200));
    const [row] = await t.ctx.db.select().from(partners).where(eq(partners.id, partner.id));
    const last = row?.pausedUntil;
    expect(last).toBeInstanceOf(Date);
    const scheduled = await timers(partner.id);
    expect(scheduled.map((j) => [j.name, j.runAt.getTime()])).toEqual([
      ['integration.resume-reminder', (last?.getTime() ?? 0) - HOUR],
      ['integration.resume', last?.getTime()],
    ]);
    expect((await integrationAudits(partner.id)).map((e) => e.action).sort()).toEqual([
      'integration.pause_changed',
      'integration.pause_changed',
      'integration.pause_changed',
      'integration.pause_changed',
      'integration.pause_changed',
      'integration.paused',
    ]);
    t.clock.set(last ?? new Date(0));
    await t.worker.runDue();
    expect((await account(admin, partner.id)).integrationState).toBe('active');
  });
});
