import { expect, it } from 'vitest';
import { buildPartner, buildUser, PASSWORD } from '../support/factories.js';
import { describeInBrowser, signInThroughUi } from './browser.js';

describeInBrowser('[health] health rules', (h) => {
  it('[health] an admin gives one partner a looser objective and a longer stale window; the platform keeps its own', async () => {
    const partner = await buildPartner(h.t, { name: 'Quiet Curry' });
    const page = await h.newPage();
    await signInThroughUi(page, (await buildUser(h.t, { role: 'admin' })).email, PASSWORD);
    await page.goto('/settings/health');
    await page.getByRole('heading', { name: 'Health rules' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Checkout success objective' }).inputValue()).toBe('99 %');

    await page.getByRole('combobox', { name: 'Rules for' }).click();
    await page.getByRole('option', { name: 'Quiet Curry' }).click();
    const objective = page.getByRole('textbox', { name: 'Checkout success objective' });
    await objective.fill('98.5');
    const stale = page.getByRole('textbox', { name: /Stale after/ });
    await stale.fill('48');
    // The "differs" marker shows as soon as a field is edited, so the save is awaited by its answer.
    const saved = page.waitForResponse(
      (r) => r.request().method() === 'PUT' && r.url().endsWith(`/partners/${partner.id}/health-rules`),
    );
    await page.getByRole('button', { name: 'Save' }).click();
    expect((await saved).status()).toBe(200);
    await page.getByText('Differs from the inherited 99').waitFor();

    const { healthRuleDefaults, partnerHealthRules } = await import('../../src/server/db/schema/index.js');
    expect(await h.t.ctx.db.select().from(healthRuleDefaults)).toEqual([]);
    const [stored] = await h.t.ctx.db.select().from(partnerHealthRules);
    expect(stored?.partnerId).toBe(partner.id);
    expect(stored?.overrides).toEqual({
      burnRate: { objectives: { checkout: 0.985 } },
      feeds: { staleHours: 48 },
    });

    // Out of range: the field says so and nothing is stored.
    await objective.fill('100');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByText(/must be/)
      .first()
      .waitFor();
  });
});
