import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { contacts, healthEscalations } from '../../src/server/db/schema/index.js';
import { buildPartner, buildUser, PASSWORD, signIn } from '../support/factories.js';
import { waitForMail } from '../support/smtp.js';
import { describeInBrowser, signInThroughUi } from './browser.js';

/** Partner health through the real SPA: an outage in the signals reaches the partner's contact and triage. */
describeInBrowser('[health] escalations to partners', (h) => {
  it('[health] an outage mails the technical contact, who acknowledges from the link; triage sees the signals confirm', async () => {
    const partner = await buildPartner(h.t, { name: 'Ramen Relay', status: 'launched' });
    const now = h.t.clock.now();
    const contactEmail = 'oncall@ramen-relay.example';
    await h.t.ctx.db.insert(contacts).values([
      {
        partnerId: partner.id,
        role: 'technical_emergency',
        name: 'Rei',
        email: contactEmail,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    const admin = await signIn(h.t, (await buildUser(h.t, { role: 'admin' })).email);
    const token = (
      await admin.request({ method: 'POST', url: '/api/v1/ingest-tokens', payload: { name: 'platform' } })
    ).json().secret as string;

    // Every order submission fails: the platform reports 40 failed calls.
    const events = Array.from({ length: 40 }, (_, i) => ({
      type: 'call',
      partnerId: partner.id,
      action: 'submit_order',
      outcome: 'error',
      httpStatus: 503,
      errorType: 'TIMEOUT',
      latencyMs: 30_000,
      merchantId: `store-${i % 4}`,
      at: new Date(now.getTime() + i * 100).toISOString(),
    }));
    const intake = await h.t.app.inject({
      method: 'POST',
      url: '/api/v1/signals',
      headers: { authorization: `Bearer ${token}` },
      payload: { events },
    });
    expect(intake.json()).toEqual({ accepted: 40, rejected: [] });
    h.t.clock.advance(10_000); // the evaluation runs at the end of the next 5-second slot; the worker is polling

    const mail = await waitForMail(h.smtp.received, (m) => m.to.includes(contactEmail), 20_000);
    expect(mail.subject).toMatch(/\[Critical\] Ramen Relay: problem detected with .*order submission/i);
    const link = mail.text.match(/Acknowledge[^\n]*\n(\S+)/)?.[1] ?? '';
    expect(link).toContain('/escalation-links/');

    // The contact is not a Switchboard user: the link works signed out, once.
    const phone = await h.newPage();
    await phone.goto(new URL(link).pathname);
    await phone.getByRole('heading', { name: /Escalation #\d+: Order submission calls/ }).waitFor();
    await phone.getByText('Critical', { exact: true }).waitFor();
    await phone.getByRole('button', { name: 'Acknowledge' }).click();
    await phone.getByText('Acknowledged.', { exact: true }).waitFor();
    await phone.reload();
    await phone.getByText('This link cannot be used any more').waitFor();
    const [row] = await h.t.ctx.db
      .select()
      .from(healthEscalations)
      .where(eq(healthEscalations.partnerId, partner.id));
    expect(row).toMatchObject({ status: 'acknowledged', severity: 'critical' });

    // The partner files an urgent case; triage sees the partner's own signals confirm it and confirms in one click.
    const member = await signIn(
      h.t,
      (await buildUser(h.t, { role: 'partner_member', partnerId: partner.id, contactsPrompted: true })).email,
    );
    const filed = await member.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/cases`,
      payload: {
        category: 'urgent_technical_support',
        subject: 'Orders fail with 503',
        description: 'Every order submission times out.',
        urgentCriterion: 'integration_down',
        impact: { since: now.toISOString(), merchantsAffectedPercent: 100 },
      },
    });
    expect(filed.statusCode).toBe(201);
    const triager = await h.newPage();
    await signInThroughUi(triager, (await buildUser(h.t, { role: 'triage' })).email, PASSWORD);
    await triager.goto('/triage');
    const item = triager.getByTestId('triage-item').filter({ hasText: 'Orders fail with 503' });
    await item.getByTestId('signals-confirm').waitFor();
    await item.getByText(/Order submission calls — .*integration down/).waitFor();
    await item.getByRole('button', { name: 'Confirm urgent — signals confirm' }).click();
    await triager.getByText('Orders fail with 503').waitFor({ state: 'detached' });
    const detail = (
      await member.request({ method: 'GET', url: `/api/v1/partners/${partner.id}/cases/${filed.json().id}` })
    ).json();
    expect(detail).toMatchObject({ priority: 'urgent', status: 'open', queue: 'oncall_engineering' });
  });
});
