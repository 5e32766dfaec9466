import { expect, it } from 'vitest';
import { buildPartner, buildUser, PASSWORD, signIn, unique } from '../support/factories.js';
import { waitForMail } from '../support/smtp.js';
import { describeInBrowser, pickDateTime } from './browser.js';

/** The language before anyone signs in follows the browser, then the choice made on the device. */
describeInBrowser('[language] language of the public pages and date-time fields', (h) => {
  it('[language] a German browser gets sign-in in German; French chosen there stays after a reload', async () => {
    const page = await h.newPage({ locale: 'de-DE' });
    await page.goto('/');
    await page.getByRole('heading', { name: 'Bei Switchboard anmelden' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');

    await page.getByRole('radiogroup', { name: 'Sprache' }).getByText('Français').click();
    await page.getByRole('heading', { name: 'Se connecter à Switchboard' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Se connecter à Switchboard' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.getByRole('link', { name: 'Déclarez votre intérêt' }).click();
    await page.getByRole('heading', { name: 'Déclarer votre intérêt' }).waitFor();

    // Signed in, the user's saved language wins over the device's.
    const user = await buildUser(h.t, { role: 'admin', name: 'Dora Deutsch', locale: 'de' });
    await page.goto('/');
    await page.getByRole('textbox', { name: 'E-mail' }).fill(user.email);
    await page.getByRole('textbox', { name: 'Mot de passe' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Willkommen, Dora Deutsch' }).waitFor();
  });

  it('[language] an invitation opened in a German browser is in German, and so is the account it creates', async () => {
    const partner = await buildPartner(h.t, { name: 'Brezel Bridge' });
    const admin = await buildUser(h.t, { role: 'partner_admin', partnerId: partner.id });
    const invitee = `${unique('neu')}@example.test`;
    const invited = await (await signIn(h.t, admin.email)).request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/invites`,
      payload: { email: invitee, role: 'partner_member' },
    });
    expect(invited.statusCode).toBe(201);
    const mail = await waitForMail(h.smtp.received, (m) => m.to.includes(invitee));
    const link = mail.text.match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/)?.[0] ?? '';

    const page = await h.newPage({ locale: 'de-DE' });
    await page.goto(link);
    await page.getByRole('heading', { name: 'Brezel Bridge beitreten' }).waitFor();
    await page.getByRole('textbox', { name: 'Ihr Name' }).fill('Nele Neu');
    await page.getByRole('textbox', { name: 'Passwort wählen' }).fill('neues passwort 1');
    await page.getByRole('textbox', { name: 'Passwort wiederholen' }).fill('neues passwort 1');
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.getByRole('heading', { name: 'Willkommen, Nele Neu' }).waitFor();
    const me = await page.request.get('/api/v1/auth/me');
    expect((await me.json()).user.locale).toBe('de');
  });

  it('[language] a date-time field shows the language’s format, names the zone, and sends the instant', async () => {
    const partner = await buildPartner(h.t, { name: 'Zeit Zone' });
    const member = await buildUser(h.t, { role: 'partner_member', partnerId: partner.id, locale: 'de' });
    const page = await h.newPage({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    await page.goto('/');
    await page.getByRole('textbox', { name: 'E-Mail' }).fill(member.email);
    await page.getByRole('textbox', { name: 'Passwort' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByTestId('user-menu').waitFor();

    await page.goto('/cases/new?category=urgent_technical_support');
    await page.getByRole('radio', { name: 'Die Integration ist ausgefallen' }).check();
    await page.getByRole('textbox', { name: 'Betreff' }).fill('Keine Bestellungen seit 08:30');
    await page.getByRole('textbox', { name: /Was passiert/ }).fill('Jeder Aufruf läuft in ein Timeout.');
    await pickDateTime(page, 'Seit wann?', '2026-01-05T08:30');
    const since = page.getByRole('button', { name: 'Seit wann?' });
    expect(await since.textContent()).toBe('05.01.2026, 08:30');
    await page.getByText('Zeiten in Europe/Berlin').waitFor();
    await page.getByRole('button', { name: 'Fall eröffnen' }).click();
    await page.getByRole('heading', { name: /Keine Bestellungen seit 08:30/ }).waitFor();

    const caseId = page.url().split('/cases/')[1];
    const opened = await page.request.get(`/api/v1/partners/${partner.id}/cases/${caseId}`);
    // 08:30 in Berlin in January is 07:30 UTC.
    expect((await opened.json()).impact.since).toBe('2026-01-05T07:30:00.000Z');
  });
});
