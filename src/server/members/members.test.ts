import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner, buildUser, signedInUser, unique } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { invites, sessions, users } from '../db/schema/index.js';
import { listOutbox } from '../notifications/service.js';
import { INVITE_LIFETIME_MS } from './invites.js';

describeEachDatabase('members and invites', (kind) => {
  const t = useTestApp(kind);

  async function invite(partnerId: string, role = 'partner_member') {
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId });
    const email = `${unique('new')}@example.test`;
    const response = await admin.request({
      method: 'POST',
      url: `/api/v1/partners/${partnerId}/invites`,
      payload: { email, role, locale: 'fr' },
    });
    expect(response.statusCode).toBe(201);
    const mail = (await listOutbox(t.ctx, { partnerId })).find((m) => m.recipient === email);
    const token = mail?.body.match(/\/invite\/([A-Za-z0-9_-]+)/)?.[1];
    if (!token || !mail) throw new Error('invite mail has no link');
    return { admin, email, token, mail };
  }

  it('invites by email with a single-use link that creates the account and signs in', async () => {
    const partner = await buildPartner(t, { name: 'Wok Wire' });
    const { email, token, mail } = await invite(partner.id);
    expect(mail.subject).toBe('Invitation à rejoindre Wok Wire sur Switchboard');

    const preview = await t.app.inject({ method: 'GET', url: `/api/v1/invites/${token}` });
    expect(preview.json()).toMatchObject({ email, partnerName: 'Wok Wire', role: 'partner_member' });

    const accept = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invites/${token}/accept`,
      payload: { name: 'Nouveau', password: 'a strong new password' },
    });
    expect(accept.statusCode).toBe(200);
    expect(accept.json().user).toMatchObject({ email, partnerId: partner.id, role: 'partner_member' });
    const cookie = accept.cookies.find((c) => c.name === 'sb_session')?.value;
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      cookies: { sb_session: cookie ?? '' },
    });
    expect(me.statusCode).toBe(200);

    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invites/${token}/accept`,
      payload: { name: 'Twice', password: 'a strong new password' },
    });
    expect(again.statusCode).toBe(404);
  });

  it('refuses an expired link and a weak password, naming the field', async () => {
    const partner = await buildPartner(t);
    const { token } = await invite(partner.id);
    const weak = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invites/${token}/accept`,
      payload: { name: 'X', password: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.field).toBe('password');
    t.clock.advance(INVITE_LIFETIME_MS + 1);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/invites/${token}` })).statusCode).toBe(404);
  });

  it('changes roles and removes members, but always keeps one partner admin', async () => {
    const partner = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const member = await signedInUser(t, { role: 'partner_member', partnerId: partner.id });
    const url = (id: string) => `/api/v1/partners/${partner.id}/members/${id}`;

    const demoteLast = await admin.request({
      method: 'PATCH',
      url: url(admin.user.id),
      payload: { role: 'partner_member' },
    });
    expect(demoteLast.statusCode).toBe(409);
    expect((await admin.request({ method: 'DELETE', url: url(admin.user.id) })).statusCode).toBe(409);

    expect(
      (
        await member.request({
          method: 'PATCH',
          url: url(member.user.id),
          payload: { role: 'partner_admin' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await admin.request({ method: 'PATCH', url: url(member.user.id), payload: { role: 'partner_admin' } })
      ).json().role,
    ).toBe('partner_admin');
    expect(
      (await admin.request({ method: 'PATCH', url: url(admin.user.id), payload: { role: 'partner_member' } }))
        .statusCode,
    ).toBe(200);

    expect((await member.request({ method: 'DELETE', url: url(admin.user.id) })).statusCode).toBe(204);
    expect((await admin.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const members = (
      await member.request({ method: 'GET', url: `/api/v1/partners/${partner.id}/members` })
    ).json();
    expect(members.map((m: { id: string }) => m.id)).toEqual([member.user.id]);
  });

  it('does not let partner members invite or see pending invites', async () => {
    const partner = await buildPartner(t);
    await invite(partner.id);
    const member = await signedInUser(t, { role: 'partner_member', partnerId: partner.id });
    expect(
      (await member.request({ method: 'GET', url: `/api/v1/partners/${partner.id}/invites` })).statusCode,
    ).toBe(403);
    const response = await member.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/invites`,
      payload: { email: 'x@example.test', role: 'partner_admin' },
    });
    expect(response.statusCode).toBe(403);
  });

  it('keeps an enabled partner admin on the users routes too, and counts only enabled admins', async () => {
    const partner = await buildPartner(t);
    const staff = await signedInUser(t, { role: 'admin' });
    const admin = await buildUser(t, { role: 'partner_admin', partnerId: partner.id });
    const disabledAdmin = await buildUser(t, { role: 'partner_admin', partnerId: partner.id });
    const disable = (id: string) =>
      staff.request({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { disabled: true } });
    expect((await disable(disabledAdmin.id)).statusCode).toBe(200);

    const refused = await disable(admin.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/at least one enabled partner admin/);
    expect((await staff.request({ method: 'DELETE', url: `/api/v1/users/${admin.id}` })).statusCode).toBe(
      409,
    );
    const demote = await staff.request({
      method: 'PATCH',
      url: `/api/v1/partners/${partner.id}/members/${admin.id}`,
      payload: { role: 'partner_member' },
    });
    expect(demote.statusCode).toBe(409);
    const [kept] = await t.ctx.db.select().from(users).where(eq(users.id, admin.id));
    expect(kept).toMatchObject({ role: 'partner_admin', disabledAt: null });

    // A disabled admin may still go; and once another admin is enabled, this one may be disabled.
    expect(
      (await staff.request({ method: 'DELETE', url: `/api/v1/users/${disabledAdmin.id}` })).statusCode,
    ).toBe(204);
    const second = await buildUser(t, { role: 'partner_admin', partnerId: partner.id });
    expect((await disable(admin.id)).statusCode).toBe(200);
    expect((await disable(second.id)).statusCode).toBe(409);
  });

  it("lets one of two removals of a partner's two admins through at once, whichever route each takes", async () => {
    const staff = await signedInUser(t, { role: 'admin' });
    const adminsOf = async (partnerId: string) =>
      (await t.ctx.db.select().from(users).where(eq(users.partnerId, partnerId))).filter(
        (u) => u.role === 'partner_admin' && u.disabledAt === null,
      );
    // Several rounds, so that without the lock the two checks interleave before either commits.
    for (let round = 0; round < 5; round++) {
      const partner = await buildPartner(t);
      const first = await buildUser(t, { role: 'partner_admin', partnerId: partner.id });
      const second = await buildUser(t, { role: 'partner_admin', partnerId: partner.id });
      const removals = await Promise.all([
        staff.request({ method: 'DELETE', url: `/api/v1/users/${first.id}` }),
        staff.request({ method: 'DELETE', url: `/api/v1/partners/${partner.id}/members/${second.id}` }),
      ]);
      expect(removals.map((r) => r.statusCode).sort()).toEqual([204, 409]);
      const [remaining] = await adminsOf(partner.id);
      expect(remaining).toBeDefined();

      const third = await buildUser(t, { role: 'partner_admin', partnerId: partner.id });
      const changes = await Promise.all([
        staff.request({
          method: 'PATCH',
          url: `/api/v1/users/${remaining?.id}`,
          payload: { disabled: true },
        }),
        staff.request({
          method: 'PATCH',
          url: `/api/v1/partners/${partner.id}/members/${third.id}`,
          payload: { role: 'partner_member' },
        }),
      ]);
      expect(changes.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect(await adminsOf(partner.id)).toHaveLength(1);
    }
  });

  it('answers an invite to an address with an account like any other, and tells only its owner', async () => {
    const elsewhere = await buildPartner(t, { name: 'Taco Tunnel' });
    const owner = await buildUser(t, { role: 'partner_member', partnerId: elsewhere.id, locale: 'de' });
    const partner = await buildPartner(t, { name: 'Pho Pipe' });
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const inviteTo = (email: string) =>
      admin.request({
        method: 'POST',
        url: `/api/v1/partners/${partner.id}/invites`,
        payload: { email, role: 'partner_admin', locale: 'en' },
      });

    const fresh = await inviteTo(`${unique('fresh')}@example.test`);
    const taken = await inviteTo(owner.email.toUpperCase());
    expect(taken.statusCode).toBe(fresh.statusCode);
    expect(taken.statusCode).toBe(201);
    expect(Object.keys(taken.json()).sort()).toEqual(Object.keys(fresh.json()).sort());
    expect(taken.json()).toMatchObject({ email: owner.email, role: 'partner_admin', partnerId: partner.id });
    const pending = await admin.request({ method: 'GET', url: `/api/v1/partners/${partner.id}/invites` });
    expect(pending.json().map((i: { email: string }) => i.email)).toContain(owner.email);

    const mail = (await listOutbox(t.ctx, { partnerId: partner.id })).find(
      (m) => m.recipient === owner.email,
    );
    expect(mail).toMatchObject({ template: 'invite_existing_account', locale: 'de' });
    expect(mail?.subject).toBe('Pho Pipe wollte Sie zu Switchboard einladen');
    expect(mail?.body).toContain('bereits ein Switchboard-Konto');
    expect(mail?.body).not.toMatch(/\/invite\//);

    // The account is untouched: same partner, role and sign-in; the pending invite has no link anyone holds.
    const [after] = await t.ctx.db.select().from(users).where(eq(users.id, owner.id));
    expect(after).toMatchObject({ partnerId: elsewhere.id, role: 'partner_member', disabledAt: null });
    expect(await t.ctx.db.select().from(sessions).where(eq(sessions.userId, owner.id))).toHaveLength(0);
    const rows = await t.ctx.db.select().from(invites).where(eq(invites.email, owner.email));
    expect(rows).toHaveLength(1);

    // Whoever sees the accounts anyway hears it plainly: this partner's admins about its members, staff always.
    const member = await admin.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/invites`,
      payload: { email: admin.user.email, role: 'partner_member' },
    });
    expect(member.statusCode).toBe(409);
    const staff = await signedInUser(t, { role: 'admin' });
    const byStaff = await staff.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/invites`,
      payload: { email: owner.email, role: 'partner_member' },
    });
    expect(byStaff.statusCode).toBe(409);
  });
});
