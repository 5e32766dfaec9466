import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { MINUTE } from '../../src/server/lib/clock.js';
import { buildPartner, buildUser, PASSWORD, signedInUser } from '../support/factories.js';
import { describeInBrowser, signInThroughUi } from './browser.js';
import { axeViolations, horizontalOverflow, PHONE } from './main-pages.js';

const companyDay = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Switchboard tests//EN',
  'BEGIN:VEVENT',
  'UID:company-day-2027',
  'DTSTART;VALUE=DATE:20270520',
  'SUMMARY:Company day',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

/** On a 390 px phone nothing sticks out (forms stack, tables scroll in their box) and axe finds nothing serious. */
async function expectFitsPhone(page: Page) {
  await page.setViewportSize(PHONE);
  // The charts follow the new width after a resize observer fires.
  await expect.poll(() => horizontalOverflow(page)).toBeNull();
  expect(await axeViolations(page)).toEqual([]);
}

/** SLA settings and reports through the real SPA. The app's clock stands at Mon 2026-01-05 10:00 Berlin. */
describeInBrowser('[sla] SLA settings and reports', (h) => {
  async function signedInAdmin() {
    const admin = await buildUser(h.t, { role: 'admin', name: 'Ada Admin' });
    const page = await h.newPage();
    await signInThroughUi(page, admin.email, PASSWORD);
    return page;
  }

  it('[sla] an admin adds a closure and imports an iCalendar file, and the closed days show both', async () => {
    const page = await signedInAdmin();
    await page.goto('/settings/sla');
    await page.getByRole('heading', { name: 'SLA settings' }).waitFor();
    await page.getByRole('button', { name: 'Edit calendar Partner support hours' }).click();
    const editor = page.getByRole('form', { name: 'Business calendar' });

    await editor.getByRole('button', { name: 'Add closure' }).click();
    await editor
      .getByLabel(/^Date, closure \d+$/)
      .last()
      .fill('2027-03-12');
    await editor
      .getByLabel(/^Name, closure \d+$/)
      .last()
      .fill('Team offsite');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.getByText('Saved.').waitFor();

    await page.getByRole('textbox', { name: 'Year' }).fill('2027');
    await page
      .getByRole('row', { name: /Team offsite/ })
      .getByText('Mar 12, 2027')
      .waitFor();
    // Public holidays of Germany, as the seeded calendar has them.
    expect(await page.getByRole('row', { name: /Dec 25, 2027/ }).count()).toBe(1);

    await editor
      .locator('input[type=file]')
      .setInputFiles({ name: 'company.ics', mimeType: 'text/calendar', buffer: Buffer.from(companyDay) });
    await editor.getByText('Imported 1 closure.').waitFor();
    await page
      .getByRole('row', { name: /Company day/ })
      .getByText('May 20, 2027')
      .waitFor();
    // The imported closure joins the open form, so a later save does not drop it.
    expect(
      await editor
        .getByLabel(/^Name, closure \d+$/)
        .last()
        .inputValue(),
    ).toBe('Company day');

    // The calendar editor with its rows, then the policy editor, on a phone.
    await expectFitsPhone(page);
    await page.getByRole('tab', { name: 'SLA policies' }).click();
    const defaultPolicy = page.getByRole('row', { name: /Default: every case/ });
    await defaultPolicy.getByText('Partner support hours').waitFor();
    await page.getByRole('button', { name: 'New policy' }).click();
    await page.getByRole('form', { name: 'SLA policy' }).waitFor();
    await expectFitsPhone(page);
  });

  it('[sla] staff see case times by category and month in a chart and a table', async () => {
    const partner = await buildPartner(h.t, { name: 'Kebab Kiosk', status: 'launched' });
    const member = await signedInUser(h.t, { role: 'partner_member', partnerId: partner.id });
    const agent = await signedInUser(h.t, { role: 'support_agent' });
    const cases = `/api/v1/partners/${partner.id}/cases`;
    const filed = await member.request({
      method: 'POST',
      url: cases,
      payload: {
        category: 'technical_support',
        subject: 'Menu sync lags',
        description: 'Prices arrive late.',
      },
    });
    expect(filed.statusCode).toBe(201);
    h.t.clock.advance(20 * MINUTE);
    const replied = await agent.request({
      method: 'POST',
      url: `${cases}/${filed.json().id}/comments`,
      payload: { body: 'Looking into it.' },
    });
    expect(replied.statusCode).toBe(201);

    const page = await h.newPage();
    await signInThroughUi(page, agent.user.email, PASSWORD);
    await page.goto('/reports');
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    const row = page.getByRole('row', { name: /Technical support/ });
    await row.getByRole('cell', { name: '20 min' }).first().waitFor();
    await page.getByTestId('report-times-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('report-breach-chart').locator('svg').first().waitFor();

    await page.getByText('Month', { exact: true }).click();
    await page.getByRole('row', { name: /January 2026/ }).waitFor();
    expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
      '/api/v1/reports/cases.csv?groupBy=month',
    );
    await expectFitsPhone(page);
  });
});
