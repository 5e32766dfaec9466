import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { openTestEscalation } from '../../src/server/health/escalations/fixtures.js';
import { addCallBuckets } from '../../src/server/health/store-buckets.js';
import { LATENCY_BINS } from '../../src/shared/health.js';
import type { Locale } from '../../src/shared/locales.js';
import { buildPartner, buildUser, PASSWORD, signIn, unique } from '../support/factories.js';
import { createPartnerResources } from '../support/partner-resources.js';
import type { TestApp } from '../support/test-app.js';
import { settleTransitions, signInThroughUi } from './browser.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const PHONE = { width: 390, height: 844 };
/** A walk opens some fifteen pages and runs axe on each: more than the default test timeout on a busy machine. */
export const WALK_TIMEOUT = 120_000;

export interface MainPages {
  partnerAdmin: { email: string };
  platformAdmin: { email: string };
  partner: string[];
  staff: string[];
}

/**
 * A launched partner with something in every list (members, a pending invite, a contact, a token, an
 * urgent case in triage and a normal one, audit entries), a lead, and the main pages of its admin and of
 * a platform admin, both using `locale`. Other pages in the navigation are added when walked (`walkMainPages`).
 */
export async function seedMainPages(t: TestApp, locale: Locale = 'en'): Promise<MainPages> {
  const partner = await buildPartner(t, { name: unique('Schnitzel Schnittstelle'), status: 'launched' });
  const partnerAdmin = await buildUser(t, {
    role: 'partner_admin',
    partnerId: partner.id,
    name: 'Petra Partner',
    locale,
    contactsPrompted: true,
  });
  await buildUser(t, { role: 'partner_member', partnerId: partner.id, name: 'Max Mitglied' });
  const platformAdmin = await buildUser(t, { role: 'admin', name: 'Ada Admin', locale });
  const paged = await (await signIn(t, platformAdmin.email)).request({
    method: 'POST',
    url: '/api/v1/pages',
    payload: {
      title: 'Checkout latency above 2 s',
      severity: 'warning',
      details: 'p99 at 2.4 s since 09:10',
    },
  });
  if (paged.statusCode !== 201) throw new Error(`page: ${paged.statusCode} ${paged.body}`);
  const agent = await signIn(t, partnerAdmin.email);
  const { caseId } = await createPartnerResources(agent, partner.id);
  const urgent = await agent.request({
    method: 'POST',
    url: `/api/v1/partners/${partner.id}/cases`,
    payload: {
      category: 'urgent_technical_support',
      urgentCriterion: 'orders_blocked',
      subject: 'All orders fail with HTTP 500',
      description: 'Since the deploy every order is refused.',
      impact: { since: '2026-01-05T07:30:00Z', ordersAffectedPercent: 100, examples: ['order-4711'] },
    },
  });
  if (urgent.statusCode !== 201) throw new Error(`urgent case: ${urgent.statusCode} ${urgent.body}`);
  const lead = await t.app.inject({
    method: 'POST',
    url: '/api/v1/leads',
    payload: {
      company: 'Gyro Gateway',
      contactName: 'Gina',
      email: `${unique('gina')}@example.test`,
      countries: ['DE', 'AT'],
      merchantCount: 40,
      integrates: 'Our POS',
    },
  });
  if (lead.statusCode !== 202) throw new Error(`lead: ${lead.statusCode} ${lead.body}`);
  // Signals and an open escalation, so the Health pages draw their charts and list with an Acknowledge button.
  const minute = new Date(Math.floor(t.clock.now().getTime() / 60_000) * 60_000 - 5 * 60_000);
  await addCallBuckets(t.ctx.db, [
    {
      partnerId: partner.id,
      action: 'checkout',
      minute,
      okCount: 95,
      errorCount: 5,
      errorTypes: { TIMEOUT: 5 },
      latencyCounts: Array.from({ length: LATENCY_BINS }, (_, i) => (i === 3 ? 100 : 0)),
      latencySumMs: 15_000,
    },
  ]);
  await openTestEscalation(t.ctx, partner.id);
  const account = ['members', 'integration', 'contacts', 'tokens', 'audit'].map(
    (tab) => `/account?tab=${tab}`,
  );
  return {
    partnerAdmin,
    platformAdmin,
    partner: [
      '/',
      '/help',
      '/cases',
      '/cases/new',
      '/cases/new?category=urgent_technical_support',
      ...account,
      `/cases/${caseId}`,
      `/partners/${partner.id}/health`,
      `/partners/${partner.id}/health?range=30d`,
    ],
    staff: [
      '/',
      '/partners',
      `/partners/${partner.id}`,
      `/partners/${partner.id}/health`,
      '/health',
      '/leads',
      '/queue',
      '/triage',
      '/cases',
      `/cases/${caseId}`,
      '/audit',
      '/users',
      '/outbox',
      '/jobs',
      '/settings/sla',
      '/settings/health',
      '/reports',
      `/pages/${paged.json().id}`,
      '/profile',
    ],
  };
}

/** Opens a page and waits until its chunk and data have arrived and no loader spins. */
export async function openSettled(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  await page.locator('.mantine-Loader-root').first().waitFor({ state: 'detached' });
}

/** Serious and critical axe-core violations on the page as it stands, one line each: rule, then targets. */
export async function axeViolations(page: Page): Promise<string[]> {
  // The app's CSP refuses inline scripts (page.addScriptTag); evaluating through DevTools is not subject to it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  // A dialog or popover still fading in has its text at part opacity, and axe measures contrast as it is then
  // (a calendar's headers failed so once under load).
  await settleTransitions(page);
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: {
        run(
          context: Document,
          options: object,
        ): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown[] }[] }[] }>;
      };
    };
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}

/** What sticks out past the right edge of the window, if the document is wider than it. */
export async function horizontalOverflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    const culprits = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 1)
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${el.textContent?.slice(0, 40)}"`,
      );
    return `${document.documentElement.scrollWidth} px wide in ${width}: ${culprits.join('; ')}`;
  });
}

/** Pages for visitors who are not signed in (an invitation or page link that cannot be used shows its error). */
export const PUBLIC_PAGES = [
  '/',
  '/interest',
  '/invite/no-such-token',
  '/page-actions/no-such-link-0123456789',
];

type Check = (page: Page) => Promise<string[]>;

/** Opens each page and calls `check` there; one failure names every page and what was wrong on it. */
export async function expectPagesPass(page: Page, paths: string[], check: Check): Promise<void> {
  const problems: string[] = [];
  for (const path of paths) {
    await openSettled(page, path);
    for (const problem of await check(page)) problems.push(`${path}: ${problem}`);
  }
  expect(problems).toEqual([]);
}

/** Signs in and checks each page, then every other entry of the main navigation (pages added there later too). */
export async function walkMainPages(
  page: Page,
  user: { email: string },
  paths: string[],
  check: Check,
): Promise<void> {
  await signInThroughUi(page, user.email, PASSWORD);
  const nav = await page
    .getByRole('navigation', { name: 'main' })
    .getByRole('link')
    .evaluateAll((links) =>
      links.filter((a) => !a.getAttribute('target')).map((a) => a.getAttribute('href')),
    );
  await expectPagesPass(
    page,
    [...new Set([...paths, ...nav.filter((href): href is string => !!href)])],
    check,
  );
}
