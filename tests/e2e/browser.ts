import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, onTestFailed } from 'vitest';
import { projectRoot, webDistDir } from '../../src/server/paths.js';
import { startSmtpServer } from '../support/smtp.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(projectRoot, 'test-artifacts');

function browserAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true')
    throw new Error(`CI=true but no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);
  console.warn(`\n[switchboard] browser tests skipped: no Chromium at ${CHROMIUM_PATH}.\n`);
  return false;
}

export interface BrowserHarness {
  t: TestApp;
  /** A real SMTP server the app sends to; `received` fills as mail arrives. */
  smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  baseUrl: string;
  browser: Browser;
  /**
   * A fresh browser context (own cookies) with a page; a screenshot is kept if the test fails. `locale` is the
   * browser's language (navigator.language, Accept-Language), en-GB unless given; `timezoneId` its time zone,
   * the machine's unless given.
   */
  newPage(options?: { locale?: string; timezoneId?: string }): Promise<Page>;
}

/** A describe block that runs the real server with the built SPA and drives Debian's Chromium. */
export function describeInBrowser(title: string, body: (h: BrowserHarness) => void): void {
  describe.runIf(browserAvailable())(title, () => {
    const harness = {} as BrowserHarness;
    beforeAll(async () => {
      if (!existsSync(path.join(webDistDir, 'index.html')))
        throw new Error('SPA not built: run `npm run build:web`');
      harness.smtp = await startSmtpServer();
      harness.t = await createTestApp('pglite', {
        webDir: webDistDir,
        config: { smtpUrl: harness.smtp.url },
      });
      harness.t.worker.start();
      const address = await harness.t.app.listen({ port: 0, host: '127.0.0.1' });
      harness.baseUrl = address;
      // Links in emails must point at this server.
      harness.t.ctx.config.publicUrl = address;
      harness.browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      harness.newPage = async ({
        locale = 'en-GB',
        timezoneId,
      }: {
        locale?: string;
        timezoneId?: string;
      } = {}) => {
        const context = await harness.browser.newContext({ baseURL: harness.baseUrl, locale, timezoneId });
        // Shorter than the test timeout, so a failure names the locator it waited for.
        context.setDefaultTimeout(10_000);
        const page = await context.newPage();
        onTestFailed(async ({ task }) => {
          await mkdir(ARTIFACTS, { recursive: true });
          const name = task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
          await page
            .screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true })
            .catch(() => {});
        });
        return page;
      };
    });
    afterAll(async () => {
      await harness.browser?.close();
      await harness.t?.close();
      await harness.smtp?.close();
    });
    body(harness);
  });
}

/** Signs in through the login form and waits until the app shell shows the user. */
export async function signInThroughUi(page: Page, email: string, password: string): Promise<void> {
  await submitLogin(page, email, password);
  await page.getByTestId('user-menu').waitFor();
}

export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Waits until two frames pass with no transition running (a spinner's endless animation aside). */
export async function settleTransitions(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const ending = () =>
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY);
    for (let tries = 0; tries < 50; tries++) {
      await Promise.all(ending().map((a) => a.finished.catch(() => undefined)));
      await frame();
      await frame();
      if (ending().length === 0) return;
    }
  });
}

/**
 * Picks `at` ('2026-01-05T08:30', wall-clock) in a DateTimeField (components/DateTimeField.tsx) in any UI
 * language: opens it on the current month, pages to the month, clicks the day and types the time.
 */
export async function pickDateTime(page: Page, label: string, at: string): Promise<void> {
  const [year, month, day, hours, minutes] = at.split(/[-T:]/).map(Number) as number[];
  const [thisYear, thisMonth] = await page.evaluate(() => [
    new Date().getFullYear(),
    new Date().getMonth() + 1,
  ]);
  await page.getByRole('button', { name: label, exact: true }).click();
  // The calendar's own dropdown: the field may sit in a modal dialog (the pause dialog) that is one too.
  const calendar = page.locator('[role="dialog"][data-dates-dropdown]');
  // Paging starts once the dropdown has opened in full: a click during its entrance lost it once under load.
  await calendar.waitFor();
  await settleTransitions(page);
  // Through the year's months (the header's level control), not month by month: ten calendars of different
  // heights re-placed the dropdown until it hid once the field sat low in the window.
  if (year !== thisYear || month !== thisMonth) {
    await calendar.locator('.mantine-DateTimePicker-calendarHeaderLevel').click();
    const years = (year ?? 0) - (thisYear ?? 0);
    for (let step = 0; step < Math.abs(years); step++)
      await calendar.locator(`button[data-direction="${years < 0 ? 'previous' : 'next'}"]`).click();
    await calendar
      .getByRole('table')
      .locator('button')
      .nth((month ?? 1) - 1)
      .click();
  }
  await calendar
    .getByRole('table')
    .locator('button:not([data-outside])', { hasText: new RegExp(`^${day}$`) })
    .click();
  const twoDigits = (n: number | undefined) => String(n).padStart(2, '0');
  await calendar.getByRole('spinbutton').nth(0).fill(twoDigits(hours));
  await calendar.getByRole('spinbutton').nth(1).fill(twoDigits(minutes));
  await calendar.locator('.mantine-DateTimePicker-submitButton').click();
  await calendar.waitFor({ state: 'detached' });
}
