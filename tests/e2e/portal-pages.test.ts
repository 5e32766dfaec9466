import { expect, it } from 'vitest';
import { buildPartner, buildUser, PASSWORD } from '../support/factories.js';
import { describeInBrowser, pickDateTime, signInThroughUi } from './browser.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The 15th of next month, 10:30 on the browser's clock, as pickDateTime takes it. */
function nextMonth15th(): Date {
  const day = new Date();
  day.setMonth(day.getMonth() + 1, 15);
  day.setHours(10, 30, 0, 0);
  return day;
}
const wallClock = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}T10:30`;

describeInBrowser('[portal] pages that say what is so', (h) => {
  it('[portal] a paused partner sees its pause, reason and end on Get help, and resumes from there', async () => {
    const partner = await buildPartner(h.t, { name: 'Tapas Tunnel', status: 'launched' });
    const admin = await buildUser(h.t, {
      role: 'partner_admin',
      partnerId: partner.id,
      contactsPrompted: true,
    });
    const page = await h.newPage();
    await signInThroughUi(page, admin.email, PASSWORD);

    await page.goto('/account?tab=integration');
    await page.getByRole('button', { name: 'Pause integration' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pause integration' });
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Replacing the kitchen printers');
    const end = nextMonth15th();
    await pickDateTime(page, 'Expected end', wallClock(end));
    // A refusal shows in the dialog, beside what to correct, and the dialog stays open.
    const pauseUrl = `**/api/v1/partners/${partner.id}/integration/pause`;
    await page.route(pauseUrl, (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          error: {
            code: 'validation',
            message: 'expectedEnd: must be in the future',
            field: 'expectedEnd',
            reason: 'not_in_future',
          },
        }),
      }),
    );
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.getByText('Expected end must be in the future.').waitFor();
    await page.unroute(pauseUrl);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    // The dialog waits for the server's answer before it closes.
    await dialog.waitFor({ state: 'detached' });
    const paused = await (await page.request.get(`/api/v1/partners/${partner.id}`)).json();
    expect(paused).toMatchObject({
      integrationState: 'paused',
      stateReason: 'Replacing the kitchen printers',
    });
    const until = new Date(paused.pausedUntil);
    expect([until.getDate(), until.getMonth(), until.getHours(), until.getMinutes()]).toEqual([
      15,
      end.getMonth(),
      10,
      30,
    ]);

    // Changing the pause opens with the one in force.
    await page.getByRole('button', { name: 'Change the pause' }).click();
    const change = page.getByRole('dialog', { name: 'Change the pause' });
    expect(await change.getByRole('textbox', { name: 'Reason' }).inputValue()).toBe(
      'Replacing the kitchen printers',
    );
    expect(await change.getByRole('button', { name: 'Expected end' }).textContent()).toContain(
      String(end.getFullYear()),
    );
    await change.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Get help' }).click();
    const ownTab = page.getByRole('tab', { name: /Under maintenance/ });
    expect(await ownTab.getAttribute('aria-selected')).toBe('true');
    await ownTab.getByText('Your status').waitFor();
    const pause = page.getByTestId('current-pause');
    await pause.getByText('Reason: Replacing the kitchen printers').waitFor();
    const resumes = await pause.getByText('Resumes automatically on').textContent();
    expect(resumes).toContain(String(end.getFullYear()));
    expect(resumes).toMatch(/10:30/);
    await page.getByRole('link', { name: 'Open a technical support case' }).waitFor();

    await pause.getByRole('button', { name: 'Resume integration' }).click();
    await page
      .getByRole('dialog', { name: 'Resume integration' })
      .getByRole('button', { name: 'Confirm' })
      .click();
    await pause.waitFor({ state: 'detached' });
    await page.getByTestId('integration-banner').waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Go to the integration toggle' }).waitFor();
    const resumed = await (await page.request.get(`/api/v1/partners/${partner.id}`)).json();
    expect(resumed.integrationState).toBe('active');
  });

  it('[portal] the audit log names people and shows before → after, without JSON or ids', async () => {
    const partner = await buildPartner(h.t, { name: 'Bibimbap Bus', status: 'interested' });
    const admin = await buildUser(h.t, { role: 'admin', name: 'Dana Admin' });
    await buildUser(h.t, { role: 'consultant', name: 'Carla Consultant' });
    const page = await h.newPage();
    await signInThroughUi(page, admin.email, PASSWORD);

    await page.goto(`/partners/${partner.id}`);
    await page.getByRole('heading', { name: 'Bibimbap Bus' }).waitFor();
    // Before launch the integration state means nothing: no "active" badge, nothing to disable.
    await page.getByText('Not launched').waitFor();
    expect(await page.getByRole('button', { name: 'Disable integration' }).count()).toBe(0);

    await page.getByRole('combobox', { name: 'Consultant' }).click();
    await page.getByRole('option', { name: /Carla Consultant/ }).click();
    await page.getByText('Consultant saved.').waitFor();

    // One step at a time, confirmed: Launched is not on offer yet.
    expect(await page.getByRole('button', { name: 'Move to Launched' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Move to Integrating' }).click();
    await page
      .getByRole('dialog', { name: 'Move to Integrating' })
      .getByRole('button', { name: 'Confirm' })
      .click();
    await page.getByRole('button', { name: 'Move to Launched' }).waitFor();

    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Audit log' }).click();
    const status = page
      .getByRole('row', { name: /Programme status changed/ })
      .filter({ hasText: 'Bibimbap Bus' });
    await status.getByText('Dana Admin').waitFor();
    await status.getByText('Interested → Integrating').waitFor();
    const consultant = page
      .getByRole('row', { name: /Consultant assigned/ })
      .filter({ hasText: 'Bibimbap Bus' });
    await consultant.getByText('— → Carla Consultant').waitFor();

    const table = (await page.getByRole('table').textContent()) ?? '';
    expect(table).not.toMatch(UUID);
    expect(table).not.toContain('{"');
    expect(table).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  });

  it('[portal] Get help keeps how to file a case when the partner cannot be loaded, and retries', async () => {
    const partner = await buildPartner(h.t, { name: 'Ramen Rail', status: 'interested' });
    const member = await buildUser(h.t, { role: 'partner_member', partnerId: partner.id });
    const page = await h.newPage();
    await signInThroughUi(page, member.email, PASSWORD);
    const partnerUrl = `**/api/v1/partners/${partner.id}`;
    await page.route(partnerUrl, (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'internal', message: 'down for a moment' } }),
      }),
    );
    await page.goto('/help');
    await page.getByText('Your partner details could not be loaded').waitFor();
    await page.getByRole('heading', { name: 'Urgent technical support' }).waitFor();
    await page.getByRole('link', { name: 'Open a technical support case' }).waitFor();

    await page.unroute(partnerUrl);
    await page.getByRole('button', { name: 'Retry' }).click();
    const ownTab = page.getByRole('tab', { name: /Interested/ });
    expect(await ownTab.getAttribute('aria-selected')).toBe('true');
    await ownTab.getByText('Your status').waitFor();
    // This deployment has no DOCS_URL: the page says so instead of linking to the API's own docs.
    await page.getByText('The link to the integration documentation is not configured yet').waitFor();
    expect(await page.getByRole('link', { name: 'Read the integration documentation' }).count()).toBe(0);
  });
});
