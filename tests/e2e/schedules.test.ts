import { expect, it } from 'vitest';
import { buildUser, PASSWORD, signIn } from '../support/factories.js';
import { describeInBrowser, pickDateTime, signInThroughUi } from './browser.js';
import { axeViolations, expectPagesPass, horizontalOverflow, PHONE } from './main-pages.js';

/**
 * On-call schedules through the real SPA. The app's clock stands at Mon 2026-01-05 10:00 Berlin, and the
 * browser's clock and zone are set to match, so "now" is the same instant on both sides.
 */
describeInBrowser('[schedules] on-call schedules', (h) => {
  /** Ana's week, then Ben's, from Monday 2026-01-05 09:00 in Berlin; made through the API by an admin. */
  async function seedSchedule(name: string, locale: 'en' | 'de' = 'en') {
    const admin = await buildUser(h.t, { role: 'admin', name: 'Ada Admin', contactsPrompted: true, locale });
    const ana = await buildUser(h.t, { role: 'oncall_engineer', name: 'Ana Engineer' });
    const ben = await buildUser(h.t, { role: 'oncall_engineer', name: 'Ben Engineer' });
    const api = await signIn(h.t, admin.email);
    const created = await api.request({
      method: 'POST',
      url: '/api/v1/schedules',
      payload: {
        name,
        timeZone: 'Europe/Berlin',
        layers: [
          {
            name: 'Primary',
            start: '2026-01-05T08:00:00Z',
            rotation: { type: 'weekly' },
            handoffTime: '09:00',
            users: [ana.id, ben.id],
          },
        ],
      },
    });
    if (created.statusCode !== 201) throw new Error(`schedule: ${created.statusCode} ${created.body}`);
    return { admin, ana, ben, api, scheduleId: created.json().id as string };
  }
  it('[schedules] staff see the two-week timeline, add an override through the dialog, and see it on call now', async () => {
    const { admin } = await seedSchedule('Platform');

    const page = await h.newPage({ timezoneId: 'Europe/Berlin' });
    await page.clock.setFixedTime(h.t.clock.now());
    await signInThroughUi(page, admin.email, PASSWORD);
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Schedules' }).click();
    await page.getByRole('link', { name: 'Platform' }).click();
    await page.getByRole('heading', { name: 'Platform' }).waitFor();
    expect(await page.getByTestId('timeline-range').textContent()).toBe(
      'Jan 5, 2026 to Jan 18, 2026, times in Europe/Berlin',
    );
    const final = page.getByTestId('timeline-row-final').getByRole('listitem');
    await final.first().waitFor();
    expect(await final.allInnerTexts()).toEqual([
      expect.stringContaining('Ana Engineer'),
      expect.stringContaining('Ben Engineer'),
    ]);
    expect(await final.first().getAttribute('title')).toBe(
      'Ana Engineer: Jan 5, 2026, 09:00 – Jan 12, 2026, 09:00',
    );
    await page.getByTestId('now-marker').waitFor();

    await page.getByRole('button', { name: 'Add an override' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an override' });
    await dialog.getByRole('combobox', { name: 'Who' }).click();
    await page.getByRole('option', { name: 'Ben Engineer' }).click();
    // Backwards first: the API's refusal shows under the field it names.
    await pickDateTime(page, 'From', '2026-01-05T18:00');
    await pickDateTime(page, 'Until', '2026-01-05T08:00');
    await dialog.getByRole('button', { name: 'Add override' }).click();
    await dialog.getByText('Until is not valid.', { exact: false }).waitFor();
    await pickDateTime(page, 'From', '2026-01-05T08:00');
    await pickDateTime(page, 'Until', '2026-01-05T18:00');
    await dialog.getByRole('button', { name: 'Add override' }).click();
    await dialog.waitFor({ state: 'detached' });

    const overrides = page.getByTestId('timeline-row-override').getByRole('listitem');
    await overrides.first().waitFor();
    expect(await overrides.first().getAttribute('title')).toBe('Ben Engineer: Jan 5, 2026, 08:00 – 18:00');
    expect(await final.first().innerText()).toContain('Ben Engineer');
    await page.getByRole('cell', { name: 'Jan 5, 2026, 18:00' }).waitFor();

    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Overview' }).click();
    const onCallNow = page.getByTestId('oncall-now-Platform');
    await expect.poll(() => onCallNow.innerText()).toContain('Ben Engineer');
    expect(await onCallNow.innerText()).not.toContain('Ana Engineer');
  });

  it('[schedules] the schedule page, its editor and the override dialog fit a phone in German and pass axe', async () => {
    const { admin, ana, api, scheduleId } = await seedSchedule('Zahlungen', 'de');
    await api.request({
      method: 'POST',
      url: `/api/v1/schedules/${scheduleId}/overrides`,
      payload: { userId: ana.id, start: '2026-01-07T12:00:00Z', end: '2026-01-08T12:00:00Z' },
    });
    const page = await h.newPage({ timezoneId: 'Europe/Berlin' });
    await page.clock.setFixedTime(h.t.clock.now());
    await page.setViewportSize(PHONE);
    await signInThroughUi(page, admin.email, PASSWORD);
    const fitsAndPassesAxe = async () => {
      // Axe reads colours as drawn: a dialog fading in or a button fading from hover would fail on contrast.
      await page.waitForFunction(() => document.getAnimations().length === 0);
      const overflow = await horizontalOverflow(page);
      return [...(overflow ? [overflow] : []), ...(await axeViolations(page))];
    };
    await expectPagesPass(page, [`/schedules/${scheduleId}`], fitsAndPassesAxe);
    await page.getByRole('button', { name: 'Dienstplan bearbeiten' }).click();
    await page.getByRole('button', { name: 'Zeit hinzufügen' }).click();
    await page.mouse.move(0, 0);
    expect(await fitsAndPassesAxe()).toEqual([]);
    await page.getByRole('button', { name: 'Vertretung eintragen' }).click();
    await page.getByRole('dialog', { name: 'Vertretung eintragen' }).waitFor();
    expect(await fitsAndPassesAxe()).toEqual([]);
  });

  it('[schedules] an on-call engineer sets up a schedule in the form, corrected where the API refused it, and a team', async () => {
    const engineer = await buildUser(h.t, { role: 'oncall_engineer', name: 'Cleo Cover' });
    await buildUser(h.t, { role: 'oncall_engineer', name: 'Dan Duty' });
    const page = await h.newPage({ timezoneId: 'Europe/Berlin' });
    await page.clock.setFixedTime(h.t.clock.now());
    await signInThroughUi(page, engineer.email, PASSWORD);
    await page.goto('/schedules');
    await page.getByRole('button', { name: 'New schedule' }).click();
    const form = page.getByRole('form', { name: 'Schedule' });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Checkout');
    await form.getByRole('combobox', { name: 'People in layer 1' }).click();
    await page.getByRole('option', { name: 'Dan Duty' }).click();
    await page.getByRole('option', { name: 'Cleo Cover' }).click();
    await page.keyboard.press('Escape');
    const handoff = form.getByRole('textbox', { name: 'Handoff time of layer 1' });
    await handoff.fill('25:00');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Handoff time of layer 1 is not in the expected format.').waitFor();
    await handoff.fill('10:00');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    // The layer starts at 10:00 today: Dan's week first.
    const final = page.getByTestId('timeline-row-final').getByRole('listitem');
    await final.first().waitFor();
    expect(await final.allInnerTexts()).toEqual([
      expect.stringContaining('Dan Duty'),
      expect.stringContaining('Cleo Cover'),
    ]);

    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Teams' }).click();
    await page.getByRole('button', { name: 'New team' }).click();
    const team = page.getByRole('form', { name: 'Team' });
    await team.getByRole('textbox', { name: 'Name' }).fill('Checkout crew');
    await team.getByRole('combobox', { name: 'Members' }).click();
    await page.getByRole('option', { name: 'Cleo Cover' }).click();
    await page.keyboard.press('Escape');
    await team.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Checkout crew', exact: true }).waitFor();
    await page.getByRole('cell', { name: 'Cleo Cover', exact: true }).waitFor();
  });
});
