import { expect, it } from 'vitest';
import { PASSWORD } from '../support/factories.js';
import { describeInBrowser, signInThroughUi } from './browser.js';
import {
  axeViolations,
  expectPagesPass,
  openSettled,
  PUBLIC_PAGES,
  seedMainPages,
  WALK_TIMEOUT,
  walkMainPages,
} from './main-pages.js';

/** axe-core on every main page at desktop width (phone: phone.test.ts): no serious or critical violation. */
describeInBrowser('[a11y] accessibility of the main pages', (h) => {
  it(
    '[a11y] a partner admin’s pages pass axe',
    async () => {
      const seeded = await seedMainPages(h.t);
      await walkMainPages(await h.newPage(), seeded.partnerAdmin, seeded.partner, axeViolations);
    },
    WALK_TIMEOUT,
  );

  it(
    '[a11y] a platform admin’s pages pass axe',
    async () => {
      const seeded = await seedMainPages(h.t);
      await walkMainPages(await h.newPage(), seeded.platformAdmin, seeded.staff, axeViolations);
    },
    WALK_TIMEOUT,
  );

  it('[a11y] a confirmation dialog with its date-time picker open passes axe', async () => {
    const seeded = await seedMainPages(h.t);
    const page = await h.newPage();
    await signInThroughUi(page, seeded.partnerAdmin.email, PASSWORD);
    await openSettled(page, '/account?tab=integration');
    await page.getByRole('button', { name: 'Pause integration' }).click();
    await page.getByRole('button', { name: 'Expected end' }).click();
    await page.getByRole('button', { name: 'Previous month' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('[a11y] the sign-in, interest and invalid-invitation pages pass axe', async () => {
    const page = await h.newPage();
    await expectPagesPass(page, PUBLIC_PAGES, axeViolations);
  });
});
