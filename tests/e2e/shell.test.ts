import { expect, it } from 'vitest';
import { buildPartner, buildUser, PASSWORD, unique } from '../support/factories.js';
import { waitForMail } from '../support/smtp.js';
import { describeInBrowser, signInThroughUi, submitLogin } from './browser.js';

describeInBrowser('[shell] app shell', (h) => {
  it('[shell] a partner user sees partner navigation, switches to German and French, and signs out', async () => {
    const partner = await buildPartner(h.t, { name: 'Burger Bridge', status: 'launched' });
    const user = await buildUser(h.t, {
      role: 'partner_admin',
      partnerId: partner.id,
      name: 'Paula Partner',
      contactsPrompted: true,
    });
    const page = await h.newPage();
    await signInThroughUi(page, user.email, PASSWORD);

    await page.getByRole('heading', { name: 'Welcome, Paula Partner' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'main' });
    await nav.getByRole('link', { name: 'Overview' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Partners' }).count()).toBe(0);
    await page.getByText('Burger Bridge').waitFor();
    await page.getByRole('heading', { name: '0 open cases' }).waitFor();

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Deutsch' }).click();
    await page.getByRole('heading', { name: 'Willkommen, Paula Partner' }).waitFor();
    await page.getByRole('heading', { name: '0 offene Fälle' }).waitFor();
    await nav.getByRole('link', { name: 'Übersicht' }).waitFor();
    // The created date (2026-01-05 on the test clock) in German format.
    await page.getByText('Dabei seit 05.01.2026').waitFor();

    // The choice is stored on the user: a fresh load comes back in German.
    await page.reload();
    await page.getByRole('heading', { name: 'Willkommen, Paula Partner' }).waitFor();

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Français' }).click();
    await page.getByRole('heading', { name: 'Bienvenue, Paula Partner' }).waitFor();
    await page.getByText('Membre depuis le 5 janv. 2026').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await page.getByRole('button', { name: /Sign in|Se connecter/ }).waitFor();
    const me = await page.request.get('/api/v1/auth/me');
    expect(me.status()).toBe(401);
  });

  it('[shell] platform staff see the programme navigation and a 404 page for unknown addresses', async () => {
    const admin = await buildUser(h.t, { role: 'admin', name: 'Ada Admin' });
    const page = await h.newPage();
    await signInThroughUi(page, admin.email, PASSWORD);
    const nav = page.getByRole('navigation', { name: 'main' });
    await nav.getByRole('link', { name: 'Partners' }).waitFor();
    await nav.getByRole('link', { name: 'Background jobs' }).waitFor();

    await nav.getByRole('link', { name: 'Partners' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Taco Transit');
    await page.getByRole('button', { name: 'Add partner' }).click();
    await page.getByRole('cell', { name: 'Taco Transit' }).waitFor();

    // From the partner's page, the admin invites the partner's first admin.
    await page.getByRole('link', { name: 'Taco Transit' }).click();
    await page.getByRole('heading', { name: 'Taco Transit' }).waitFor();
    const invitee = `${unique('taco-admin')}@example.test`;
    await page.getByRole('textbox', { name: 'Invite by email' }).fill(invitee);
    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Partner admin' }).click();
    await page.getByRole('button', { name: 'Send invitation' }).click();
    const mail = await waitForMail(h.smtp.received, (m) => m.to.includes(invitee));
    expect(mail.subject).toBe('You are invited to Taco Transit on Switchboard');
    expect(mail.text).toContain('as partner admin');

    await page.goto('/cases/does-not-exist');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(page.url()).toContain('/cases/does-not-exist');
  });

  it('[shell] a support agent sees staff navigation without admin pages', async () => {
    const agent = await buildUser(h.t, { role: 'support_agent', name: 'Sam Support' });
    const page = await h.newPage();
    await signInThroughUi(page, agent.email, PASSWORD);
    const nav = page.getByRole('navigation', { name: 'main' });
    await nav.getByRole('link', { name: 'Partners' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Background jobs' }).count()).toBe(0);
  });

  it('[shell] wrong credentials show a translated error and no session', async () => {
    const page = await h.newPage();
    await submitLogin(page, 'nobody@example.test', 'wrong password here');
    await page.getByText('Wrong email or password.').waitFor();
  });

  it('[users] an admin adds a consultant, who signs in, and disabling them ends their session', async () => {
    const admin = await buildUser(h.t, { role: 'admin', name: 'Una Admin' });
    const page = await h.newPage();
    await signInThroughUi(page, admin.email, PASSWORD);
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Users' }).click();
    const email = `${unique('consultant')}@example.test`;
    await page.getByRole('textbox', { name: 'Name' }).fill('Cora Consultant');
    await page.getByRole('textbox', { name: 'Email' }).fill(email);
    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Consultant' }).click();
    await page.getByRole('textbox', { name: 'Initial password' }).fill('consultant pass 123');
    await page.getByRole('button', { name: 'Add user' }).click();
    const row = page.getByRole('row', { name: /Cora Consultant/ });
    await row.waitFor();

    const consultant = await h.newPage();
    await signInThroughUi(consultant, email, 'consultant pass 123');
    await consultant.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Leads' }).waitFor();

    await row.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await row.getByText('Disabled').waitFor();
    await consultant.reload();
    await consultant.getByRole('button', { name: 'Sign in' }).waitFor();
  });
});
