import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { ACCOUNT_LINK, integrationPartners } from '../../../tests/support/integration-partners.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { partners } from '../db/schema/index.js';
import { HOUR, MINUTE } from '../lib/clock.js';
import { formatMoment } from '../notifications/templates.js';
import { resumeIntegrationJob, resumeReminderJob } from './integration-jobs.js';

/** A pause's timers: the resume at its end and the reminder an hour before, one of each per partner. */
describeEachDatabase('integration pause timers', (kind) => {
  const t = useTestApp(kind);
  const { launchedPartner, post, account, integrationAudits, mails, timers } = integrationPartners(t);

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
