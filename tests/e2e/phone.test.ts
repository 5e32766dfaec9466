import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { PASSWORD } from '../support/factories.js';
import { describeInBrowser, signInThroughUi } from './browser.js';
import {
  axeViolations,
  expectPagesPass,
  horizontalOverflow,
  PHONE,
  PUBLIC_PAGES,
  seedMainPages,
  WALK_TIMEOUT,
  walkMainPages,
} from './main-pages.js';

/** Every main page at 390 px, in German (long words): nothing wider than the screen, no serious axe violation. */
describeInBrowser('[phone] main pages on a phone', (h) => {
  const onPhone = async () => {
    const page = await h.newPage();
    await page.setViewportSize(PHONE);
    return page;
  };
  const fitsAndPassesAxe = async (page: Page) => {
    const overflow = await horizontalOverflow(page);
    return [...(overflow ? [overflow] : []), ...(await axeViolations(page))];
  };

  it(
    '[phone] a partner admin’s pages fit the screen and pass axe',
    async () => {
      const seeded = await seedMainPages(h.t, 'de');
      await walkMainPages(await onPhone(), seeded.partnerAdmin, seeded.partner, fitsAndPassesAxe);
    },
    WALK_TIMEOUT,
  );

  it(
    '[phone] a platform admin’s pages fit the screen and pass axe',
    async () => {
      const seeded = await seedMainPages(h.t, 'de');
      await walkMainPages(await onPhone(), seeded.platformAdmin, seeded.staff, fitsAndPassesAxe);
    },
    WALK_TIMEOUT,
  );

  it('[phone] the sign-in, interest and invalid-invitation pages fit the screen and pass axe', async () => {
    const page = await onPhone();
    await expectPagesPass(page, PUBLIC_PAGES, fitsAndPassesAxe);
  });

  it('[phone] the navigation opens from its labelled button and closes when an entry is chosen', async () => {
    const seeded = await seedMainPages(h.t);
    const page = await onPhone();
    await signInThroughUi(page, seeded.partnerAdmin.email, PASSWORD);
    const menu = page.getByRole('button', { name: 'Show or hide the navigation' });
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Cases' }).click();
    await page.getByRole('heading', { name: 'Support cases' }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    // Nothing covers the page any more: a click lands on it.
    await page.getByRole('link', { name: 'New case' }).click();
    await page.getByRole('heading', { name: 'New case' }).waitFor();
  });
});
