import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { startSmtpServer } from '../../../tests/support/smtp.js';
import { createTestApp, type TestApp } from '../../../tests/support/test-app.js';
import { jobs, notifications } from '../db/schema/index.js';
import { enqueueJob } from '../lib/jobs.js';
import { sendNotificationJob } from './jobs.js';
import { listOutbox, queueEmail } from './service.js';
import { translate } from './templates.js';

const request = (to: string) => ({
  partnerId: null,
  to,
  locale: 'en' as const,
  template: 'test_notification' as const,
  params: { name: 'Nina', partner: 'Sushi Stream', role: 'alert contact' },
});

describeEachDatabase('notification delivery', (kind) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let down: Awaited<ReturnType<typeof startSmtpServer>>;
  let t: TestApp;
  let failing: TestApp;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    down = await startSmtpServer({ failFirst: 1_000 });
    t = await createTestApp(kind, { config: { smtpUrl: smtp.url } });
    failing = await createTestApp(kind, { config: { smtpUrl: down.url } });
  });
  afterAll(async () => {
    await t.close();
    await failing.close();
    await smtp.close();
    await down.close();
  });

  const row = async (app: TestApp, id: number) =>
    (await app.ctx.db.select().from(notifications).where(eq(notifications.id, id)))[0];

  it('stores an email and queues its delivery under the job name pending jobs are found by', async () => {
    const id = await queueEmail(t.ctx, t.ctx.db, request('queued@example.test'));
    expect(await row(t, id)).toMatchObject({
      channel: 'email',
      status: 'queued',
      recipient: 'queued@example.test',
    });
    const queued = await t.ctx.db
      .select({ name: jobs.name })
      .from(jobs)
      .where(
        and(eq(jobs.name, 'notifications.send'), sql`${jobs.payload}->>'notificationId' = ${String(id)}`),
      );
    expect(queued).toEqual([{ name: 'notifications.send' }]);
  });

  it('sends a message once, however often its job runs', async () => {
    const id = await queueEmail(t.ctx, t.ctx.db, request('once@example.test'));
    await t.worker.runDue();
    expect(await row(t, id)).toMatchObject({ status: 'sent', attempts: 1 });
    await enqueueJob(t.ctx.db, sendNotificationJob(t.ctx), { notificationId: id }, { runAt: t.clock.now() });
    await t.worker.runDue();
    expect(smtp.received.filter((m) => m.to === 'once@example.test')).toHaveLength(1);
  });

  it('keeps retrying through the fifth failed attempt and gives up at the sixth', async () => {
    const id = await queueEmail(failing.ctx, failing.ctx.db, request('never@example.test'));
    for (let attempt = 1; attempt <= 5; attempt++) {
      await failing.worker.runDue();
      expect(await row(failing, id)).toMatchObject({ status: 'queued', attempts: attempt });
      failing.clock.advance(10 * 60_000);
    }
    await failing.worker.runDue();
    expect(await row(failing, id)).toMatchObject({
      status: 'failed',
      attempts: 6,
      lastError: expect.stringContaining('mailbox busy'),
    });
    failing.clock.advance(60 * 60_000);
    await failing.worker.runDue();
    expect(await row(failing, id)).toMatchObject({ status: 'failed', attempts: 6 });
  });

  it('lists the newest 200 messages unless asked for fewer', async () => {
    for (let i = 0; i < 201; i++) await queueEmail(t.ctx, t.ctx.db, request(`bulk-${i}@example.test`));
    const newest = await listOutbox(t.ctx);
    expect(newest).toHaveLength(200);
    expect(newest[0]?.recipient).toBe('bulk-200@example.test');
    expect((await listOutbox(t.ctx, { limit: 3 })).map((m) => m.recipient)).toEqual([
      'bulk-200@example.test',
      'bulk-199@example.test',
      'bulk-198@example.test',
    ]);
  });
});

it('names the key and the language of a mail message that is missing', () => {
  expect(() => translate('de', 'no.such.message')).toThrow('mail message "no.such.message" is missing in de');
});
