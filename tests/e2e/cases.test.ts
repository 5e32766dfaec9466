import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { domainEvents } from '../../src/server/db/schema/index.js';
import { buildPartner, buildUser, PASSWORD } from '../support/factories.js';
import { describeInBrowser, pickDateTime, signInThroughUi } from './browser.js';

/** Support cases through the real SPA: filing, triage, internal notes. The app's clock stands at Mon 2026-01-05 10:00 Berlin. */
describeInBrowser('[cases] support cases', (h) => {
  async function partnerMember(name: string) {
    const partner = await buildPartner(h.t, { name, status: 'launched' });
    const member = await buildUser(h.t, {
      role: 'partner_member',
      partnerId: partner.id,
      contactsPrompted: true,
    });
    const page = await h.newPage();
    await signInThroughUi(page, member.email, PASSWORD);
    return { partner, page };
  }
  async function staff(role: 'triage' | 'support_agent') {
    const user = await buildUser(h.t, { role, name: role === 'triage' ? 'Tara Triage' : 'Sam Support' });
    const page = await h.newPage();
    await signInThroughUi(page, user.email, PASSWORD);
    return page;
  }
  async function fileUrgentCase(page: Page, subject: string) {
    // Get help's "urgent technical support" action opens the form with the category chosen.
    await page.goto('/cases/new?category=urgent_technical_support');
    await page.getByRole('radio', { name: 'The integration is down' }).check();
    await page.getByRole('textbox', { name: 'Subject' }).fill(subject);
    await page.getByRole('textbox', { name: /What happens/ }).fill('Every call to our endpoint times out.');
    await pickDateTime(page, 'Since when?', '2026-01-05T08:30');
    await page.getByRole('textbox', { name: 'Orders affected (%)' }).fill('90');
    await page.getByRole('textbox', { name: /Examples/ }).fill('order-4711\norder-4712');
    await page.getByRole('button', { name: 'Open case' }).click();
    await page.getByRole('heading', { name: new RegExp(subject) }).waitFor();
    await page.getByText('In triage').first().waitFor();
    return page.url().split('/cases/')[1] as string;
  }

  it('[cases] a partner files an urgent case with impact, triage confirms it, and it runs on the 24/7 clock', async () => {
    const { page } = await partnerMember('Taco Transit');
    const caseId = await fileUrgentCase(page, 'Integration down since 08:30');
    await page.getByText('order-4712').waitFor();

    const triager = await staff('triage');
    await triager.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Triage' }).click();
    await triager.getByRole('link', { name: /Integration down since 08:30/ }).click();
    await triager.getByRole('button', { name: 'Confirm urgent' }).click();
    await triager.getByText('Escalated to on-call engineering').waitFor();
    await triager.getByText('On-call engineering').first().waitFor();
    // 30 minutes around the clock from filing, not business time.
    const firstResponse = triager.getByTestId('sla-First response');
    await expect.poll(() => firstResponse.textContent()).toMatch(/due in 30 min \(/);
    expect(await firstResponse.textContent()).not.toContain('business time');

    await page.reload();
    await page.getByText('Escalated to on-call engineering').waitFor();
    await page.getByText('Urgent', { exact: true }).waitFor();
    const events = await h.t.ctx.db.select().from(domainEvents).where(eq(domainEvents.subjectId, caseId));
    expect(events.map((e) => e.type)).toEqual(['case.urgent_confirmed']);
  });

  it('[cases] triage downgrades with a reason; the partner reads it and a business-hours due time', async () => {
    const { page } = await partnerMember('Noodle Network');
    await fileUrgentCase(page, 'One merchant cannot print');
    const triager = await staff('triage');
    await triager.goto('/triage');
    await triager.getByRole('link', { name: /One merchant cannot print/ }).click();
    await triager.getByRole('textbox', { name: /Reason/ }).fill('Only one merchant is affected');
    await triager.getByRole('button', { name: 'Downgrade' }).click();
    await triager.getByText('Triage handled it as a normal case: Only one merchant is affected').waitFor();

    await page.reload();
    await page.getByText('Triage handled it as a normal case: Only one merchant is affected').waitFor();
    await expect
      .poll(() => page.getByTestId('sla-First response').textContent())
      .toMatch(/due in 1 h of business time \(/);
  });

  it('[cases] a staff internal note stays invisible to the partner', async () => {
    const { page } = await partnerMember('Curry Connect');
    await page.goto('/cases/new');
    await page.getByRole('textbox', { name: 'Subject' }).fill('Menu prices stale');
    await page.getByRole('textbox', { name: /What happens/ }).fill('Prices from last week show.');
    await page.getByRole('button', { name: 'Open case' }).click();
    await page.getByRole('heading', { name: /Menu prices stale/ }).waitFor();
    const caseUrl = new URL(page.url()).pathname;

    const agent = await staff('support_agent');
    await agent.goto('/queue');
    await agent.getByRole('link', { name: 'Menu prices stale' }).click();
    await agent.getByRole('textbox', { name: 'Reply or note' }).fill('Partner runs the old feed client');
    await agent.getByRole('checkbox', { name: 'Internal note (staff only)' }).check();
    await agent.getByRole('button', { name: 'Send' }).click();
    await agent.getByTestId('internal-note').getByText('Partner runs the old feed client').waitFor();
    await agent.getByRole('checkbox', { name: 'Internal note (staff only)' }).uncheck();
    await agent.getByRole('textbox', { name: 'Reply or note' }).fill('We are looking into it');
    await agent.getByRole('button', { name: 'Send' }).click();
    await agent.getByTestId('comment').getByText('We are looking into it').waitFor();

    await page.goto(caseUrl);
    await page.getByText('We are looking into it').waitFor();
    expect(await page.getByText('Partner runs the old feed client').count()).toBe(0);
    expect(await page.getByTestId('internal-note').count()).toBe(0);

    // The partner attaches a log; staff download it.
    await page.locator('input[type=file]').setInputFiles({
      name: 'checkout.log',
      mimeType: 'text/plain',
      buffer: Buffer.from('12:00:01 POST /checkout 500\n'),
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('link', { name: 'checkout.log' }).waitFor();
    await agent.reload();
    const download = await agent.getByRole('link', { name: 'checkout.log' }).getAttribute('href');
    const file = await agent.request.get(download as string);
    expect(file.headers()['content-disposition']).toContain('attachment');
    expect(await file.text()).toBe('12:00:01 POST /checkout 500\n');
  });

  it("[cases] an admin adds a closure to the calendar and an open case's due time moves", async () => {
    // Filed Monday 2026-01-05 10:00 Berlin: 60 business minutes, due 11:00 the same day.
    const { page } = await partnerMember('Bao Bridge');
    await page.goto('/cases/new');
    await page.getByRole('textbox', { name: 'Subject' }).fill('Stock levels lag');
    await page.getByRole('textbox', { name: /What happens/ }).fill('Inventory feed is an hour behind.');
    await page.getByRole('button', { name: 'Open case' }).click();
    const firstResponse = page.getByTestId('sla-First response');
    await expect
      .poll(() => firstResponse.textContent())
      .toMatch(/due in 1 h of business time \(Mon, Jan 5, 11:00 AM/);

    const admin = await buildUser(h.t, { role: 'admin', name: 'Ada Admin' });
    const settings = await h.newPage();
    await signInThroughUi(settings, admin.email, PASSWORD);
    await settings.goto('/settings/sla');
    await settings.getByRole('button', { name: 'Edit calendar Partner support hours' }).click();
    const editor = settings.getByRole('form', { name: 'Business calendar' });
    await editor.getByRole('button', { name: 'Add closure' }).click();
    await editor
      .getByLabel(/^Date, closure \d+$/)
      .last()
      .fill('2026-01-05');
    await editor
      .getByLabel(/^Name, closure \d+$/)
      .last()
      .fill('Inventory day');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.getByText('Saved.').waitFor();

    // The day is closed now: the hour counts from Tuesday's opening.
    await page.reload();
    await expect.poll(() => firstResponse.textContent()).toMatch(/\(Tue, Jan 6, 10:00 AM/);
  });
});
