import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { userActor } from '../../../tests/support/actors.js';
import { auditRows, errorOf } from '../../../tests/support/answers.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner, buildUser, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { listOutbox } from '../notifications/service.js';
import { addContact, removeContact, sendTestNotification, updateContact } from './service.js';

/** What a contact is stored as, who is told what about it, and the exact answers and audit rows. */
describeEachDatabase('contact rules', (kind) => {
  const t = useTestApp(kind);

  const adminActor = async () => userActor(await buildUser(t, { role: 'admin' }));
  const snapshotOf = (contact: Record<string, unknown>) => {
    const { role, name, email, phone, webhookUrl, locale } = contact;
    return { role, name, email, phone, webhookUrl, locale };
  };

  it('stores names, addresses, phones and webhooks trimmed, blanks as none, and English by default', async () => {
    const partner = await buildPartner(t);
    const actor = await adminActor();
    const padded = await addContact(t.ctx, actor, partner.id, {
      role: 'alert',
      name: '  Night desk  ',
      email: '  Night.Desk@Example.TEST ',
      phone: '  +49 30 1234  ',
      webhookUrl: '  https://hooks.example.test/night  ',
    });
    expect(snapshotOf(padded)).toEqual({
      role: 'alert',
      name: 'Night desk',
      email: 'night.desk@example.test',
      phone: '+49 30 1234',
      webhookUrl: 'https://hooks.example.test/night',
      locale: 'en',
    });

    const blank = await updateContact(t.ctx, actor, partner.id, padded.id, {
      role: 'operations',
      name: 'Day desk',
      email: 'day@example.test',
      phone: '   ',
      webhookUrl: '   ',
      locale: 'de',
    });
    expect(snapshotOf(blank)).toEqual({
      role: 'operations',
      name: 'Day desk',
      email: 'day@example.test',
      phone: null,
      webhookUrl: null,
      locale: 'de',
    });
  });

  it('audits adding, changing and removing a contact with its fields before and after', async () => {
    const partner = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const base = `/api/v1/partners/${partner.id}/contacts`;
    const first = {
      role: 'technical_emergency',
      name: 'Pager',
      email: 'pager@example.test',
      phone: '+49 30 1',
      webhookUrl: 'https://hooks.example.test/p',
      locale: 'fr',
    };
    const second = { role: 'operations', name: 'Ops', email: 'ops@example.test' };
    const { id } = (await admin.request({ method: 'POST', url: base, payload: first })).json();
    expect((await admin.request({ method: 'PUT', url: `${base}/${id}`, payload: second })).statusCode).toBe(
      200,
    );
    expect((await admin.request({ method: 'DELETE', url: `${base}/${id}` })).statusCode).toBe(204);

    const secondStored = { ...second, phone: null, webhookUrl: null, locale: 'en' };
    const row = {
      actorLabel: admin.user.email,
      actorUserId: admin.user.id,
      actorTokenId: null,
      subjectType: 'contact',
      subjectId: id,
    };
    expect(await auditRows(t, partner.id, 'contact.added')).toEqual([{ ...row, before: null, after: first }]);
    expect(await auditRows(t, partner.id, 'contact.changed')).toEqual([
      { ...row, before: first, after: secondStored },
    ]);
    expect(await auditRows(t, partner.id, 'contact.removed')).toEqual([
      { ...row, before: secondStored, after: null },
    ]);
  });

  it("answers another partner's or an unknown contact with 404 in the services, changing nothing", async () => {
    const partner = await buildPartner(t);
    const other = await buildPartner(t);
    const actor = await adminActor();
    const contact = await addContact(t.ctx, actor, other.id, {
      role: 'alert',
      name: 'Theirs',
      email: 'theirs@example.test',
    });
    const input = { role: 'alert' as const, name: 'Mine', email: 'mine@example.test' };
    const notFound = { code: 'not_found', message: 'contact not found' };
    for (const id of [contact.id, randomUUID()]) {
      await expect(updateContact(t.ctx, actor, partner.id, id, input)).rejects.toMatchObject(notFound);
      await expect(removeContact(t.ctx, actor, partner.id, id)).rejects.toMatchObject(notFound);
      await expect(sendTestNotification(t.ctx, actor, partner.id, id)).rejects.toMatchObject(notFound);
    }
    expect(await auditRows(t, partner.id, 'contact.changed')).toEqual([]);
    expect(await auditRows(t, other.id, 'contact.changed')).toEqual([]);
    expect(await auditRows(t, other.id, 'contact.removed')).toEqual([]);
    expect(await listOutbox(t.ctx, { partnerId: other.id })).toEqual([]);
  });

  it('audits each test message with the notifications it queued, and refuses the sixth in words', async () => {
    const partner = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const base = `/api/v1/partners/${partner.id}/contacts`;
    const add = async (payload: object) =>
      (await admin.request({ method: 'POST', url: base, payload })).json().id as string;
    const mailOnly = await add({ role: 'alert', name: 'Mail', email: 'mail@example.test' });
    const withHook = await add({
      role: 'alert',
      name: 'Hook',
      email: 'hook@example.test',
      webhookUrl: 'https://hooks.example.test/h',
    });
    const send = (id: string) => admin.request({ method: 'POST', url: `${base}/${id}/test` });

    const mailed = (await send(mailOnly)).json();
    const hooked = (await send(withHook)).json();
    expect(mailed).toEqual({ notificationId: expect.any(Number), webhookNotificationId: null });
    expect(hooked).toEqual({ notificationId: expect.any(Number), webhookNotificationId: expect.any(Number) });
    const row = {
      actorLabel: admin.user.email,
      actorUserId: admin.user.id,
      actorTokenId: null,
      subjectType: 'contact',
      before: null,
    };
    expect(await auditRows(t, partner.id, 'contact.test_sent')).toEqual([
      { ...row, subjectId: withHook, after: hooked },
      { ...row, subjectId: mailOnly, after: { notificationId: mailed.notificationId } },
    ]);

    for (let i = 1; i < 5; i++) expect((await send(mailOnly)).statusCode).toBe(202);
    expect(await errorOf(send(mailOnly))).toEqual({
      status: 429,
      code: 'rate_limited',
      message: 'too many test notifications to this contact; try again later',
    });
  });
});
