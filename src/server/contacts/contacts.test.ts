import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { startSmtpServer, waitForMail } from '../../../tests/support/smtp.js';
import { createTestApp, type TestApp } from '../../../tests/support/test-app.js';
import { HOUR, MINUTE } from '../lib/clock.js';
import { listOutbox } from '../notifications/service.js';
import { TEST_NOTIFICATIONS_PER_HOUR } from './service.js';

describeEachDatabase('escalation contacts', (kind) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(kind, { config: { smtpUrl: smtp.url } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('adds, edits and removes contacts, and tracks whether a technical emergency contact exists', async () => {
    const partner = await buildPartner(t, { status: 'launched' });
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const base = `/api/v1/partners/${partner.id}/contacts`;
    const account = async () =>
      (await admin.request({ method: 'GET', url: `/api/v1/partners/${partner.id}` })).json();
    expect((await account()).hasTechnicalEmergencyContact).toBe(false);

    const created = await admin.request({
      method: 'POST',
      url: base,
      payload: {
        role: 'technical_emergency',
        name: 'Ops pager',
        email: 'Pager@Example.test',
        phone: '+49 30 1234',
        webhookUrl: 'https://hooks.example.test/p',
        locale: 'de',
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email: 'pager@example.test', locale: 'de' });
    expect((await account()).hasTechnicalEmergencyContact).toBe(true);

    const id = created.json().id;
    const edited = await admin.request({
      method: 'PUT',
      url: `${base}/${id}`,
      payload: { role: 'operations', name: 'Ops desk', email: 'ops@example.test' },
    });
    expect(edited.json()).toMatchObject({ role: 'operations', phone: null, webhookUrl: null });
    expect((await account()).hasTechnicalEmergencyContact).toBe(false);
    expect((await admin.request({ method: 'DELETE', url: `${base}/${id}` })).statusCode).toBe(204);
    expect((await admin.request({ method: 'GET', url: base })).json()).toEqual([]);
  });

  it('names the bad field', async () => {
    const partner = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const base = `/api/v1/partners/${partner.id}/contacts`;
    const badEmail = await admin.request({
      method: 'POST',
      url: base,
      payload: { role: 'alert', name: 'A', email: 'nope' },
    });
    expect(badEmail.json().error.field).toBe('email');
    const badHook = await admin.request({
      method: 'POST',
      url: base,
      payload: { role: 'alert', name: 'A', email: 'a@example.test', webhookUrl: 'ftp://x' },
    });
    expect(badHook.json().error.field).toBe('webhookUrl');
    const badRole = await admin.request({
      method: 'POST',
      url: base,
      payload: { role: 'boss', name: 'A', email: 'a@example.test' },
    });
    expect(badRole.json().error.field).toBe('role');
  });

  it('sends a test notification that arrives over SMTP in the contact’s language', async () => {
    const partner = await buildPartner(t, { name: 'Curry Cloud' });
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const contact = (
      await admin.request({
        method: 'POST',
        url: `/api/v1/partners/${partner.id}/contacts`,
        payload: { role: 'alert', name: 'Alerte', email: 'alerts@curry.example.test', locale: 'fr' },
      })
    ).json();
    const sent = await admin.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/contacts/${contact.id}/test`,
    });
    expect(sent.statusCode).toBe(202);
    await t.worker.runDue();
    const mail = await waitForMail(smtp.received, (m) => m.to.includes('alerts@curry.example.test'));
    expect(mail.subject).toBe('Notification de test Switchboard pour Curry Cloud');
    expect(mail.text).toContain('contact d’alerte de Curry Cloud');
  });

  it('queues at most five test notifications per contact per hour, however many arrive at once', async () => {
    const partner = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const add = async (email: string) =>
      (
        await admin.request({
          method: 'POST',
          url: `/api/v1/partners/${partner.id}/contacts`,
          payload: { role: 'alert', name: 'Alerts', email },
        })
      ).json();
    const send = (contactId: string) =>
      admin.request({ method: 'POST', url: `/api/v1/partners/${partner.id}/contacts/${contactId}/test` });
    const contact = await add('burst@example.test');
    const other = await add('other@example.test');

    const responses = await Promise.all(Array.from({ length: 50 }, () => send(contact.id)));
    expect(responses.filter((r) => r.statusCode === 202)).toHaveLength(TEST_NOTIFICATIONS_PER_HOUR);
    const refused = responses.filter((r) => r.statusCode === 429);
    expect(refused).toHaveLength(50 - TEST_NOTIFICATIONS_PER_HOUR);
    for (const response of refused) expect(response.headers['retry-after']).toBe('3600');
    const queued = (await listOutbox(t.ctx, { partnerId: partner.id })).filter(
      (m) => m.recipient === 'burst@example.test',
    );
    expect(queued).toHaveLength(TEST_NOTIFICATIONS_PER_HOUR);

    expect((await send(other.id)).statusCode).toBe(202);
    t.clock.advance(HOUR - MINUTE);
    expect((await send(contact.id)).headers['retry-after']).toBe('60');
    t.clock.advance(MINUTE);
    expect((await send(contact.id)).statusCode).toBe(202);
  });
});
