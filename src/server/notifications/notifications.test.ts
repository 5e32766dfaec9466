import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { startSmtpServer } from '../../../tests/support/smtp.js';
import { createTestApp, type TestApp } from '../../../tests/support/test-app.js';
import { notifications } from '../db/schema/index.js';
import { queueEmail } from './service.js';
import { TEMPLATES } from './templates.js';

const request = (to: string, locale: 'en' | 'de' | 'fr' = 'en') => ({
  partnerId: null,
  to,
  locale,
  template: 'test_notification' as const,
  params: { name: 'Nina', partner: 'Sushi Stream', role: 'alert contact' },
});

describeEachDatabase('notifications', (kind) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let withSmtp: TestApp;
  let withoutSmtp: TestApp;
  beforeAll(async () => {
    smtp = await startSmtpServer({ failFirst: 2 });
    withSmtp = await createTestApp(kind, { config: { smtpUrl: smtp.url } });
    withoutSmtp = await createTestApp(kind);
  });
  afterAll(async () => {
    await withSmtp.close();
    await withoutSmtp.close();
    await smtp.close();
  });

  const row = async (t: TestApp, id: number) =>
    (await t.ctx.db.select().from(notifications).where(eq(notifications.id, id)))[0];

  it('keeps mail in the outbox when no SMTP server is configured', async () => {
    const id = await queueEmail(withoutSmtp.ctx, withoutSmtp.ctx.db, request('nina@example.test'));
    await withoutSmtp.worker.runDue();
    expect(await row(withoutSmtp, id)).toMatchObject({ status: 'kept', recipient: 'nina@example.test' });
  });

  it('retries a refused delivery with backoff, then delivers it once over SMTP', async () => {
    const id = await queueEmail(withSmtp.ctx, withSmtp.ctx.db, request('retry@example.test', 'de'));
    await withSmtp.worker.runDue();
    expect(await row(withSmtp, id)).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: expect.stringContaining('mailbox busy'),
    });
    withSmtp.clock.advance(10_000 - 1);
    await withSmtp.worker.runDue();
    expect(await row(withSmtp, id)).toMatchObject({ status: 'queued', attempts: 1 });
    withSmtp.clock.advance(1);
    await withSmtp.worker.runDue();
    expect(await row(withSmtp, id)).toMatchObject({ status: 'queued', attempts: 2 });
    withSmtp.clock.advance(20_000);
    await withSmtp.worker.runDue();
    expect(await row(withSmtp, id)).toMatchObject({ status: 'sent', attempts: 3 });
    const delivered = smtp.received.filter((m) => m.to === 'retry@example.test');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.subject).toBe('Switchboard-Testbenachrichtigung für Sushi Stream');
    expect(delivered[0]?.text).toContain('Hallo Nina');
    expect(delivered[0]?.text?.trimEnd()).toMatch(/\n\n— Switchboard, Partner-Support$/);
  });

  it('renders every template in every language without leftover placeholders', async () => {
    const { renderTemplate } = await import('./templates.js');
    const params = {
      partner: 'P',
      link: 'L',
      until: 'U',
      reason: 'R',
      actor: 'A',
      name: 'N',
      role: 'X',
      inviter: 'I',
      expires: 'E',
      author: 'W',
      subject: 'S',
      text: 'T',
      number: '7',
      due: 'D',
      days: '7',
      criterion: 'C',
      target: 'G',
      severity: 'critical',
      title: 'T',
      source: 'S',
      urgency: 'high',
      level: '1',
      service: 'V',
      acknowledgeLink: 'K',
      resolveLink: 'Z',
      pageLink: 'Q',
      area: 'checkout',
      evidence: 'F',
      healthLink: 'H',
      minutes: '15',
    };
    for (const template of TEMPLATES) {
      for (const locale of ['en', 'de', 'fr'] as const) {
        const { subject, body } = renderTemplate(template, locale, params);
        expect(`${subject}\n${body}`, `${template}/${locale}`).not.toMatch(/\{\{|\}\}/);
        expect(subject.length, `${template}/${locale}`).toBeGreaterThan(3);
      }
    }
  });
});
