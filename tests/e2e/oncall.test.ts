import { expect, it } from 'vitest';
import { buildPartner, buildUser, PASSWORD, signIn } from '../support/factories.js';
import { waitForMail } from '../support/smtp.js';
import { describeInBrowser, pickDateTime, signInThroughUi } from './browser.js';

/** On-call through the real SPA, with the app's job worker polling: urgent cases page engineers, who answer. */
describeInBrowser('[oncall] on-call pages', (h) => {
  /** Points the urgent-case service's policy at `userId` alone, through the API as a platform admin. */
  async function pageUrgentCasesTo(userId: string) {
    const admin = await signIn(h.t, (await buildUser(h.t, { role: 'admin', name: 'Ada Admin' })).email);
    const settings = (await admin.request({ method: 'GET', url: '/api/v1/oncall-settings' })).json();
    const service = (
      await admin.request({ method: 'GET', url: `/api/v1/services/${settings.urgentCaseServiceId}` })
    ).json();
    const policy = await admin.request({
      method: 'PUT',
      url: `/api/v1/escalation-policies/${service.escalationPolicyId}`,
      payload: {
        name: 'Urgent cases',
        levels: [{ delayMinutes: 10, targets: [{ type: 'user', id: userId }] }],
        repeat: 0,
      },
    });
    expect(policy.statusCode).toBe(200);
  }

  it('[oncall] a confirmed urgent case pages the engineer, who acknowledges from the email link; the partner sees it', async () => {
    const engineer = await buildUser(h.t, { role: 'oncall_engineer', name: 'Olga Oncall' });
    await pageUrgentCasesTo(engineer.id);

    const partner = await buildPartner(h.t, { name: 'Pho Pipeline', status: 'launched' });
    const member = await buildUser(h.t, {
      role: 'partner_member',
      partnerId: partner.id,
      contactsPrompted: true,
    });
    const partnerPage = await h.newPage();
    await signInThroughUi(partnerPage, member.email, PASSWORD);
    await partnerPage.goto('/cases/new?category=urgent_technical_support');
    await partnerPage.getByRole('radio', { name: 'The integration is down' }).check();
    await partnerPage.getByRole('textbox', { name: 'Subject' }).fill('Checkout API refuses every order');
    await partnerPage
      .getByRole('textbox', { name: /What happens/ })
      .fill('HTTP 503 on every order since 08:30.');
    await pickDateTime(partnerPage, 'Since when?', '2026-01-05T08:30');
    await partnerPage.getByRole('button', { name: 'Open case' }).click();
    await partnerPage.getByRole('heading', { name: /Checkout API refuses every order/ }).waitFor();

    const triager = await h.newPage();
    await signInThroughUi(
      triager,
      (await buildUser(h.t, { role: 'triage', name: 'Tara Triage' })).email,
      PASSWORD,
    );
    await triager.goto('/triage');
    await triager.getByRole('link', { name: /Checkout API refuses every order/ }).click();
    await triager.getByRole('button', { name: 'Confirm urgent' }).click();

    // The worker turns the confirmation into a page and mails the engineer, who is not signed in anywhere.
    const mail = await waitForMail(h.smtp.received, (m) => m.to.includes(engineer.email), 20_000);
    expect(mail.subject).toMatch(
      /Page #\d+: Urgent case #\d+ \(Pho Pipeline\): Checkout API refuses every order/,
    );
    const acknowledgeLink = mail.text.match(/Acknowledge[^\n]*\n(\S+)/)?.[1] ?? '';
    expect(acknowledgeLink).toContain('/page-actions/');

    const phone = await h.newPage();
    await phone.goto(new URL(acknowledgeLink).pathname);
    await phone.getByRole('heading', { name: /Checkout API refuses every order/ }).waitFor();
    await phone.getByText('Triggered', { exact: true }).waitFor();
    await phone.getByRole('button', { name: 'Acknowledge' }).click();
    await phone.getByText('Acknowledged.').waitFor();
    // The link works once: opened again, it says so.
    await phone.reload();
    await phone.getByText('This link cannot be used any more').waitFor();
    expect(await phone.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);

    await partnerPage.reload();
    const escalation = partnerPage.getByTestId('case-page');
    await escalation.getByText('Escalated to on-call engineering').waitFor();
    await escalation.getByText('Acknowledged: an on-call engineer is working on it.').waitFor();
    expect(await escalation.getByRole('link').count()).toBe(0);
  });

  it('[oncall] staff page someone, follow the timeline from the pages list and resolve it; in-app pages arrive live', async () => {
    const admin = await buildUser(h.t, { role: 'admin', name: 'Rita Responder' });
    const page = await h.newPage();
    await signInThroughUi(page, admin.email, PASSWORD);

    // A new user is emailed at once; Rita adds an in-app notice for high urgency.
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'My profile & notifications' }).click();
    const rules = page.getByRole('form', { name: 'Notification rules' });
    await expect.poll(() => rules.getByTestId('rule-high').count()).toBe(1);
    await rules.getByTestId('rule-high').getByText('at once').waitFor();
    expect(await rules.getByRole('combobox', { name: 'Channel, High urgency rule 1' }).inputValue()).toBe(
      'Email',
    );
    await rules.getByRole('button', { name: 'Add a rule (High urgency)' }).click();
    await rules.getByRole('combobox', { name: 'Channel, High urgency rule 2' }).click();
    await page.getByRole('option', { name: 'In-app' }).click();
    await rules.getByRole('button', { name: 'Save' }).click();
    await rules.getByText('Saved.').waitFor();

    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Pages' }).click();
    await page.getByRole('button', { name: 'Page someone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Page someone' });
    await dialog.getByRole('textbox', { name: 'What is wrong?' }).fill('Payment webhooks lag by ten minutes');
    await dialog.getByRole('radio', { name: 'One person' }).check();
    await dialog.getByRole('combobox', { name: 'Person' }).click();
    await page.getByRole('option', { name: /Rita Responder/ }).click();
    await dialog.getByRole('button', { name: 'Page now' }).click();

    // The page opens; the in-app notice arrives over the live stream as a toast and on the bell.
    await page.getByRole('heading', { name: /Payment webhooks lag by ten minutes/ }).waitFor();
    const toast = page.locator('.mantine-Notification-root', { hasText: 'Payment webhooks lag' });
    await toast.getByRole('link', { name: 'Open the page' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Notifications: 1 unread' }).waitFor();

    await page.goto('/pages');
    await page.getByRole('link', { name: 'Payment webhooks lag by ten minutes' }).click();
    const timeline = page.getByTestId('page-timeline');
    await timeline.getByText('Opened by Rita Responder').waitFor();
    await timeline.getByText('Level 1 reached (round 1)').waitFor();
    await timeline.getByText('Rita Responder notified by In-app').waitFor();
    // The email goes out through the job worker; the timeline shows its delivery once sent.
    const email = timeline.getByTestId('page-event-notified').filter({ hasText: 'notified by Email' });
    await expect
      .poll(
        async () => {
          await page.reload();
          return email.textContent();
        },
        { timeout: 15_000 },
      )
      .toMatch(/Sent/);

    await page.getByRole('button', { name: 'Resolve' }).click();
    await timeline.getByText('Resolved by Rita Responder').waitFor();
    await page.getByText('Resolved', { exact: true }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Resolve' }).count()).toBe(0);

    // Opening the bell lists the notice and marks it read.
    await page.getByRole('button', { name: 'Notifications: 1 unread' }).click();
    await page.getByRole('menuitem', { name: /Page #\d+: Payment webhooks lag by ten minutes/ }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
  });

  it('[oncall] an admin builds a policy and a service, and copies its integration key and URL', async () => {
    const admin = await buildUser(h.t, { role: 'admin', name: 'Iris Integrator' });
    const page = await h.newPage();
    await signInThroughUi(page, admin.email, PASSWORD);
    await page.goto('/escalation-policies');
    await page.getByRole('button', { name: 'New escalation policy' }).click();
    const editor = page.getByRole('form', { name: 'Escalation policy' });
    await editor.getByRole('textbox', { name: 'Name' }).fill('Payments primary');
    await editor.getByRole('combobox', { name: 'Notify on level 1' }).click();
    await page.getByRole('option', { name: /Iris Integrator/ }).click();
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.getByText('Saved.').waitFor();
    await page.getByRole('cell', { name: /1\. Iris Integrator .*\(30 min\)/ }).waitFor();

    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Services' }).click();
    await page.getByRole('button', { name: 'New service' }).click();
    const service = page.getByRole('form', { name: 'Service' });
    await service.getByRole('textbox', { name: 'Name' }).fill('Payments');
    await service.getByRole('combobox', { name: 'Escalation policy' }).click();
    await page.getByRole('option', { name: 'Payments primary' }).click();
    await service.getByRole('button', { name: 'Save' }).click();
    await service.getByText('Saved.').waitFor();
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.getByRole('button', { name: 'Copy the Events API v2 key' }).waitFor();
    await page.getByRole('button', { name: 'Copy the Events API v2 URL' }).waitFor();
    const [stored] = (await signIn(h.t, admin.email).then((a) => a.request({ url: '/api/v1/services' })))
      .json()
      .filter((s: { name: string }) => s.name === 'Payments');
    await page.getByText(stored.integrations[0].key).waitFor();
  });
});
