import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { buildPartner, buildUser, PASSWORD, unique } from '../support/factories.js';
import { waitForMail } from '../support/smtp.js';
import { describeInBrowser, signInThroughUi } from './browser.js';

/** Follows an invitation link, picks a name and password, and waits until the new member is signed in. */
async function acceptInvitation(page: Page, link: string, name: string, password: string) {
  await page.goto(link);
  await page.getByRole('textbox', { name: 'Your name' }).fill(name);
  await page.getByRole('textbox', { name: 'Choose a password' }).fill(password);
  await page.getByRole('textbox', { name: 'Repeat the password' }).fill(password);
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.getByRole('heading', { name: `Welcome, ${name}` }).waitFor();
}

const linkIn = (text: string) => {
  const link = text.match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/)?.[0];
  if (!link) throw new Error(`no invitation link in: ${text}`);
  return link;
};

describeInBrowser('[partners] partner portal', (h) => {
  async function signedInPartnerAdmin(name: string) {
    const partner = await buildPartner(h.t, { name, status: 'launched' });
    const admin = await buildUser(h.t, {
      role: 'partner_admin',
      partnerId: partner.id,
      contactsPrompted: true,
    });
    const page = await h.newPage();
    await signInThroughUi(page, admin.email, PASSWORD);
    return { partner, page };
  }

  it('[partners] an admin invites a colleague, who accepts and signs in', async () => {
    const { page } = await signedInPartnerAdmin('Ramen Relay');
    await page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: 'Account & users' })
      .click();
    const invitee = `${unique('colleague')}@example.test`;
    await page.getByRole('textbox', { name: 'Invite by email' }).fill(invitee);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Invitation sent.').waitFor();
    await page.getByText(invitee).waitFor();

    const mail = await waitForMail(h.smtp.received, (m) => m.to.includes(invitee));
    expect(mail.subject).toBe('You are invited to Ramen Relay on Switchboard');
    const guest = await h.newPage();
    await guest.goto(linkIn(mail.text));
    await guest.getByRole('heading', { name: 'Join Ramen Relay' }).waitFor();
    await acceptInvitation(guest, linkIn(mail.text), 'Colin Colleague', 'colleague password 1');

    // Signing out and in again with the new password works; the link does not work twice.
    await guest.getByTestId('user-menu').click();
    await guest.getByRole('menuitem', { name: 'Sign out' }).click();
    await signInThroughUi(guest, invitee, 'colleague password 1');
    await guest.getByRole('heading', { name: 'Welcome, Colin Colleague' }).waitFor();
    await guest.goto(linkIn(mail.text));
    await guest.getByText('This invitation cannot be used').waitFor();
  });

  it('[partners] pausing with a reason shows a banner on every page until resumed', async () => {
    const { partner, page } = await signedInPartnerAdmin('Pho Pipeline');
    await page.goto('/account?tab=integration');
    await page.getByRole('button', { name: 'Pause integration' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Kitchen display upgrade');
    await dialog.getByRole('button', { name: 'Confirm' }).click();

    const banner = page.getByTestId('integration-banner');
    await banner.getByText('Kitchen display upgrade', { exact: false }).waitFor();
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Get help' }).click();
    await banner.waitFor();
    // The help page opens on the status the partner is in: under maintenance.
    expect(await page.getByRole('tab', { name: 'Under maintenance' }).getAttribute('aria-selected')).toBe(
      'true',
    );

    await banner.getByRole('link', { name: 'Manage the integration' }).click();
    await page.getByRole('button', { name: 'Resume integration' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await banner.waitFor({ state: 'detached' });
    const integrations = await page.request.get(`/api/v1/partners/${partner.id}`);
    expect((await integrations.json()).integrationState).toBe('active');
  });

  it('[partners] a first-time admin is asked for contacts, adds them, and a test notification arrives', async () => {
    const partner = await buildPartner(h.t, { name: 'Bao Bridge', status: 'launched' });
    const admin = await buildUser(h.t, { role: 'partner_admin', partnerId: partner.id });
    const page = await h.newPage();
    await signInThroughUi(page, admin.email, PASSWORD);
    await page.getByTestId('contact-warning').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Set up contacts' }).click();
    await page.getByRole('heading', { name: 'Add contact' }).waitFor();

    await page.getByRole('textbox', { name: 'Name' }).fill('Bao on-call');
    await page.getByRole('textbox', { name: 'Email' }).fill('oncall@bao.example.test');
    await page.getByRole('textbox', { name: 'Phone' }).fill('+49 30 555 0100');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByRole('cell', { name: 'Bao on-call', exact: true }).waitFor();
    await page.getByTestId('contact-warning').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Send test to Bao on-call' }).click();
    await page.getByText('Test notification sent.').waitFor();
    const mail = await waitForMail(h.smtp.received, (m) => m.to.includes('oncall@bao.example.test'));
    expect(mail.subject).toBe('Switchboard test notification for Bao Bridge');
    expect(mail.text).toContain('technical emergency contact of Bao Bridge');

    // The prompt does not come back on the next visit.
    await page.reload();
    await page.getByRole('heading', { name: 'Account & users' }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('[partners] a company registers interest, staff convert the lead, and its admin is invited', async () => {
    const visitor = await h.newPage();
    await visitor.goto('/');
    await visitor.getByRole('link', { name: 'Register your interest' }).click();
    await visitor.getByRole('textbox', { name: 'Company' }).fill('Gyro Gateway');
    await visitor.getByRole('textbox', { name: 'Contact person' }).fill('Gina');
    await visitor.getByRole('textbox', { name: 'Email' }).fill('gina@gyro.example.test');
    await visitor.getByRole('combobox', { name: 'Countries you serve' }).fill('Germ');
    await visitor.getByRole('option', { name: 'Germany' }).click();
    await visitor.keyboard.press('Escape');
    await visitor.getByRole('textbox', { name: 'Number of merchants' }).fill('40');
    await visitor.getByRole('textbox', { name: /What do you integrate/ }).fill('Our POS');
    await visitor.getByRole('button', { name: 'Send' }).click();
    await visitor.getByText('We received your details').waitFor();

    const consultant = await buildUser(h.t, { role: 'consultant', name: 'Carl Consultant' });
    const staff = await h.newPage();
    await signInThroughUi(staff, consultant.email, PASSWORD);
    await staff.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Leads' }).click();
    const row = staff.getByRole('row', { name: /Gyro Gateway/ });
    await row.getByRole('button', { name: 'Start integrating' }).click();
    // Converting invites the lead's contact: the question says so before it happens.
    const confirm = staff.getByRole('dialog', { name: 'Start integrating' });
    await confirm.getByText('invites Gina (gina@gyro.example.test) as its partner admin').waitFor();
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await row.getByText('Converted').waitFor();
    await staff.getByText('an invitation was emailed to gina@gyro.example.test').waitFor();
    await row.getByRole('link', { name: 'Open partner' }).click();
    await staff.getByRole('heading', { name: 'Gyro Gateway' }).waitFor();

    const mail = await waitForMail(h.smtp.received, (m) => m.to.includes('gina@gyro.example.test'));
    expect(mail.subject).toBe('You are invited to Gyro Gateway on Switchboard');
    const gina = await h.newPage();
    await gina.goto(linkIn(mail.text));
    await gina.getByText('You are invited as Partner admin').waitFor();
    await acceptInvitation(gina, linkIn(mail.text), 'Gina', 'gyro gateway pass 1');
    await gina
      .getByText('In Integration', { exact: false })
      .or(gina.getByText('Integrating'))
      .first()
      .waitFor();
  });
});
