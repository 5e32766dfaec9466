import { expect, it } from 'vitest';
import { openTestEscalation } from '../../src/server/health/escalations/fixtures.js';
import { addCallBuckets } from '../../src/server/health/store-buckets.js';
import { LATENCY_BINS } from '../../src/shared/health.js';
import { buildPartner, buildUser, PASSWORD, unique } from '../support/factories.js';
import { describeInBrowser, signInThroughUi } from './browser.js';

/** Partner health through the real SPA: the partner's Health page over seeded buckets, and the staff overview. */
describeInBrowser('[health] partner health dashboards', (h) => {
  /** A launched partner with 100 checkout calls five minutes ago (95 fine, 5 timeouts, all 100–250 ms). */
  async function partnerWithSignals() {
    const partner = await buildPartner(h.t, { name: unique('Dumpling Dock'), status: 'launched' });
    const minute = new Date(Math.floor(h.t.clock.now().getTime() / 60_000) * 60_000 - 5 * 60_000);
    await addCallBuckets(h.t.ctx.db, [
      {
        partnerId: partner.id,
        action: 'checkout',
        minute,
        okCount: 95,
        errorCount: 5,
        errorTypes: { TIMEOUT: 5 },
        latencyCounts: Array.from({ length: LATENCY_BINS }, (_, i) => (i === 3 ? 100 : 0)),
        latencySumMs: 17_500,
      },
    ]);
    return partner;
  }

  it('[health] a partner member sees the charts and totals, switches the range and acknowledges an escalation', async () => {
    const partner = await partnerWithSignals();
    const escalationId = await openTestEscalation(h.t.ctx, partner.id);
    const member = await buildUser(h.t, {
      role: 'partner_member',
      partnerId: partner.id,
      contactsPrompted: true,
    });
    const page = await h.newPage();
    await signInThroughUi(page, member.email, PASSWORD);
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Health' }).click();
    await page.getByRole('heading', { name: `Health of ${partner.name}` }).waitFor();

    expect(await page.getByTestId('success-checkout').textContent()).toBe('95 %');
    expect(await page.getByTestId('calls-checkout').textContent()).toBe('100');
    expect(await page.getByTestId('p50-checkout').textContent()).toBe('175 ms');
    await page.getByText('Most frequent errors: TIMEOUT (5)').waitFor();
    for (const chart of ['success', 'errors', 'latency'])
      await page.getByTestId(`chart-${chart}-checkout`).locator('svg').first().waitFor();
    await page.getByTestId('action-submit_order').getByText('No calls in this time range.').waitFor();

    await page.getByText('1 h', { exact: true }).click();
    await page.waitForURL(/range=1h/);
    expect(await page.getByTestId('calls-checkout').textContent()).toBe('100');
    await page.getByText('30 d', { exact: true }).click();
    await page.waitForURL(/range=30d/);
    expect(await page.getByTestId('success-checkout').textContent()).toBe('95 %');

    const row = page.locator('tr', { has: page.getByText('Checkout calls —') });
    await row.getByText('Open', { exact: true }).waitFor();
    await row.getByRole('button', { name: /Acknowledge escalation/ }).click();
    await row.getByText(/^Acknowledged/).waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    const stored = await h.t.ctx.db.query.healthEscalations.findFirst({
      where: (e, { eq }) => eq(e.id, escalationId),
    });
    expect(stored?.status).toBe('acknowledged');
  });

  it('[health] a new partner’s Health page says there are no signals yet', async () => {
    const partner = await buildPartner(h.t, { name: unique('Quiet Quiche'), status: 'integrating' });
    const member = await buildUser(h.t, {
      role: 'partner_member',
      partnerId: partner.id,
      contactsPrompted: true,
    });
    const page = await h.newPage();
    await signInThroughUi(page, member.email, PASSWORD);
    await page.goto(`/partners/${partner.id}/health`);
    await page.getByTestId('no-signals').waitFor();
    await page.getByText('No escalations.').waitFor();
  });

  it('[health] staff see the partner in the overview with its sparkline and open its Health page', async () => {
    const partner = await partnerWithSignals();
    await openTestEscalation(h.t.ctx, partner.id);
    const staff = await buildUser(h.t, { role: 'consultant', name: 'Carla Consultant' });
    const page = await h.newPage();
    await signInThroughUi(page, staff.email, PASSWORD);
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Health' }).click();
    const row = page.getByTestId(`health-row-${partner.id}`);
    await row.getByTestId('sparkline').locator('svg').first().waitFor();
    expect(await row.getByTestId('score').textContent()).toBe('95 %');
    await row.getByText('Medium').waitFor();
    // The open escalations across partners list it too, linking to the partner's page.
    await page
      .locator('tr', { has: page.getByRole('link', { name: partner.name }) })
      .nth(1)
      .waitFor();

    await page.getByRole('combobox', { name: 'Open escalations at least' }).click();
    await page.getByRole('option', { name: 'Critical' }).click();
    await page.waitForURL(/severity=critical/);
    await row.waitFor({ state: 'detached' });

    await page.goto('/health');
    await row.getByRole('link', { name: partner.name }).click();
    await page.getByRole('heading', { name: `Health of ${partner.name}` }).waitFor();
    expect(await page.getByTestId('calls-checkout').textContent()).toBe('100');
  });
});
