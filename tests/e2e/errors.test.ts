import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { buildPartner, buildUser, PASSWORD } from '../support/factories.js';
import { describeInBrowser, signInThroughUi } from './browser.js';

/** The message Mantine shows under an input (its error, linked by aria-describedby), once it is invalid. */
async function errorUnder(page: Page, label: string): Promise<string> {
  const input = page.getByRole('textbox', { name: label, exact: true });
  await page.waitForFunction(
    (element) => element?.getAttribute('aria-invalid') === 'true',
    await input.elementHandle(),
  );
  const ids = (await input.getAttribute('aria-describedby'))?.split(' ') ?? [];
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

describeInBrowser('[errors] server errors in the user language', (h) => {
  it('[errors] a refused time zone and webhook URL show in German under their fields', async () => {
    const partner = await buildPartner(h.t, { name: 'Spätzle Sync', status: 'launched' });
    const admin = await buildUser(h.t, {
      role: 'partner_admin',
      partnerId: partner.id,
      locale: 'de',
      contactsPrompted: true,
    });
    const page = await h.newPage();
    await signInThroughUi(page, admin.email, PASSWORD);
    await page.goto('/account?tab=contacts');

    await page.getByRole('textbox', { name: 'Zeitzone' }).fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Speichern' }).last().click();
    expect(await errorUnder(page, 'Zeitzone')).toBe(
      'Zeitzone: keine bekannte Zeitzone; verwenden Sie einen Namen wie Europe/Berlin.',
    );

    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Bereitschaft');
    await page.getByRole('textbox', { name: 'E-Mail' }).fill('bereitschaft@example.test');
    await page.getByRole('textbox', { name: 'Webhook-URL' }).fill('ftp://hooks.example.test');
    await page.getByRole('button', { name: 'Speichern' }).first().click();
    expect(await errorUnder(page, 'Webhook-URL')).toBe(
      'Webhook-URL muss eine Webadresse sein, die mit http:// oder https:// beginnt.',
    );

    // No answer at all ("Failed to fetch") is said in German too, not as the browser's words.
    await page.route('**/api/v1/**', (route) => route.abort('internetdisconnected'));
    await page.getByRole('textbox', { name: 'Webhook-URL' }).fill('https://hooks.example.test');
    await page.getByRole('button', { name: 'Speichern' }).first().click();
    await page
      .getByRole('alert')
      .getByText(
        'Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
      )
      .waitFor();
  });
});
