import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { tokenActor, userActor } from '../../../tests/support/actors.js';
import { auditRows, errorOf } from '../../../tests/support/answers.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import {
  type Agent,
  buildPartner,
  buildUser,
  signedInUser,
  unique,
} from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { invites } from '../db/schema/index.js';
import { listOutbox } from '../notifications/service.js';
import { inviteMember, revokeInvite } from './invites.js';
import { changeMemberRole, removeMember } from './service.js';

/** The rules of inviting, revoking, joining and managing members, with their exact answers and audit rows. */
describeEachDatabase('member rules', (kind) => {
  const t = useTestApp(kind);

  const audits = (partnerId: string, action: string) => auditRows(t, partnerId, action);
  const inviteRow = async (id: string) =>
    (await t.ctx.db.select().from(invites).where(eq(invites.id, id)))[0];
  const mailTo = async (partnerId: string, email: string) =>
    (await listOutbox(t.ctx, { partnerId })).filter((m) => m.recipient === email);
  const invite = (agent: Agent, partnerId: string, email: string, role = 'partner_member') =>
    agent.request({
      method: 'POST',
      url: `/api/v1/partners/${partnerId}/invites`,
      payload: { email, role, locale: 'en' },
    });
  const linkOf = (body: string) => body.match(/\/invite\/([A-Za-z0-9_-]+)/)?.[1] ?? '';

  it('refuses to invite a member again, and tells staff plainly that an address has an account', async () => {
    const partner = await buildPartner(t);
    const elsewhere = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const staff = await signedInUser(t, { role: 'admin' });
    const member = await buildUser(t, { role: 'partner_member', partnerId: partner.id });
    const outsider = await buildUser(t, { role: 'partner_member', partnerId: elsewhere.id });

    expect(await errorOf(invite(admin, partner.id, member.email.toUpperCase()))).toEqual({
      status: 409,
      code: 'conflict',
      message: `${member.email} is already a member`,
    });
    expect(await errorOf(invite(staff, partner.id, outsider.email.toUpperCase()))).toEqual({
      status: 409,
      code: 'conflict',
      message: `${outsider.email} already has a Switchboard account`,
    });
    expect(await audits(partner.id, 'member.invited')).toEqual([]);
    expect(await mailTo(partner.id, outsider.email)).toEqual([]);
  });

  it('lets a token invite an address with an account like a partner admin would: no link, the owner told', async () => {
    const partner = await buildPartner(t, { name: 'Bao Bridge' });
    const elsewhere = await buildPartner(t);
    const owner = await buildUser(t, { role: 'partner_member', partnerId: elsewhere.id, locale: 'en' });
    const token = tokenActor('crm sync', partner.id);

    const created = await inviteMember(t.ctx, token, {
      partnerId: partner.id,
      email: `  ${owner.email.toUpperCase()}  `,
      role: 'partner_member',
      locale: 'fr',
    });
    expect(created).toMatchObject({ email: owner.email, role: 'partner_member', delivery: 'outbox' });
    expect(await inviteRow(created.id)).toMatchObject({ email: owner.email, invitedByUserId: null });
    const [mail] = await mailTo(partner.id, owner.email);
    expect(mail).toMatchObject({
      template: 'invite_existing_account',
      locale: 'en',
      params: { partner: 'Bao Bridge', inviter: 'token:crm sync' },
    });
    expect(await audits(partner.id, 'member.invited')).toEqual([
      {
        actorLabel: 'token:crm sync',
        actorUserId: null,
        actorTokenId: token.token.id,
        subjectType: 'invite',
        subjectId: created.id,
        before: null,
        after: { email: owner.email, role: 'partner_member' },
      },
    ]);
  });

  it('records who invited, names them in the mail, and audits the invite exactly', async () => {
    const partner = await buildPartner(t, { name: 'Dim Sum Data' });
    const admin = await signedInUser(t, {
      role: 'partner_admin',
      partnerId: partner.id,
      name: 'Ada Lovelace',
    });
    const email = `${unique('invitee')}@example.test`;

    const response = await invite(admin, partner.id, email, 'partner_admin');
    expect(response.statusCode).toBe(201);
    const { id } = response.json();
    expect(await inviteRow(id)).toMatchObject({
      email,
      role: 'partner_admin',
      invitedByUserId: admin.user.id,
      expiresAt: new Date(t.clock.now().getTime() + 7 * 24 * 3_600_000),
    });
    const [mail] = await mailTo(partner.id, email);
    expect(mail).toMatchObject({
      template: 'invite',
      locale: 'en',
      params: { partner: 'Dim Sum Data', inviter: 'Ada Lovelace', role: 'partner admin' },
    });
    expect(await audits(partner.id, 'member.invited')).toEqual([
      {
        actorLabel: admin.user.email,
        actorUserId: admin.user.id,
        actorTokenId: null,
        subjectType: 'invite',
        subjectId: id,
        before: null,
        after: { email, role: 'partner_admin' },
      },
    ]);
  });

  it('answers an invite to an unknown partner with 404 in the service', async () => {
    const staff = await buildUser(t, { role: 'admin' });
    await expect(
      inviteMember(t.ctx, userActor(staff), {
        partnerId: randomUUID(),
        email: `${unique('nobody')}@example.test`,
        role: 'partner_member',
        locale: 'en',
      }),
    ).rejects.toMatchObject({ code: 'not_found', message: 'partner not found' });
  });

  it('revokes a pending invite once, audits it, and its link then leads nowhere', async () => {
    const partner = await buildPartner(t);
    const other = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const email = `${unique('revoked')}@example.test`;
    const { id } = (await invite(admin, partner.id, email)).json();
    const [mail] = await mailTo(partner.id, email);
    const token = linkOf(mail?.body ?? '');
    const revoke = () =>
      admin.request({ method: 'DELETE', url: `/api/v1/partners/${partner.id}/invites/${id}` });

    const adminActor = userActor(await buildUser(t, { role: 'admin' }));
    await expect(revokeInvite(t.ctx, adminActor, other.id, id)).rejects.toMatchObject({
      code: 'not_found',
      message: 'invite not found',
    });
    expect((await revoke()).statusCode).toBe(204);
    expect(await errorOf(revoke())).toEqual({ status: 404, code: 'not_found', message: 'invite not found' });
    expect(await inviteRow(id)).toMatchObject({ revokedAt: t.clock.now(), acceptedAt: null });
    const pending = await admin.request({ method: 'GET', url: `/api/v1/partners/${partner.id}/invites` });
    expect(pending.json()).toEqual([]);
    expect(await audits(partner.id, 'member.invite_revoked')).toEqual([
      {
        actorLabel: admin.user.email,
        actorUserId: admin.user.id,
        actorTokenId: null,
        subjectType: 'invite',
        subjectId: id,
        before: { email, role: 'partner_member' },
        after: null,
      },
    ]);
    const gone = { status: 404, code: 'not_found', message: 'invitation not found' };
    expect(await errorOf(t.app.inject({ method: 'GET', url: `/api/v1/invites/${token}` }))).toEqual(gone);
    expect(
      await errorOf(
        t.app.inject({
          method: 'POST',
          url: `/api/v1/invites/${token}/accept`,
          payload: { name: 'Late', password: 'a strong new password' },
        }),
      ),
    ).toEqual(gone);
  });

  it('cannot revoke an accepted invite, and audits the new member joining', async () => {
    const partner = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const email = `${unique('joiner')}@example.test`;
    const { id } = (await invite(admin, partner.id, email, 'partner_admin')).json();
    const [mail] = await mailTo(partner.id, email);
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invites/${linkOf(mail?.body ?? '')}/accept`,
      payload: { name: 'Joiner', password: 'a strong new password' },
    });
    expect(accepted.statusCode).toBe(200);
    const joined = accepted.json().user;

    expect(
      await errorOf(admin.request({ method: 'DELETE', url: `/api/v1/partners/${partner.id}/invites/${id}` })),
    ).toEqual({ status: 404, code: 'not_found', message: 'invite not found' });
    expect(await audits(partner.id, 'member.joined')).toEqual([
      {
        actorLabel: email,
        actorUserId: joined.id,
        actorTokenId: null,
        subjectType: 'user',
        subjectId: joined.id,
        before: null,
        after: { email, role: 'partner_admin' },
      },
    ]);
    expect(await audits(partner.id, 'member.invite_revoked')).toEqual([]);
  });

  it("audits a member's role change and removal exactly", async () => {
    const partner = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const member = await buildUser(t, { role: 'partner_member', partnerId: partner.id });
    const url = `/api/v1/partners/${partner.id}/members/${member.id}`;

    const promoted = await admin.request({ method: 'PATCH', url, payload: { role: 'partner_admin' } });
    expect(promoted.json()).toMatchObject({ id: member.id, role: 'partner_admin' });
    expect((await admin.request({ method: 'DELETE', url })).statusCode).toBe(204);
    const row = { actorLabel: admin.user.email, actorUserId: admin.user.id, actorTokenId: null };
    expect(await audits(partner.id, 'member.role_changed')).toEqual([
      {
        ...row,
        subjectType: 'user',
        subjectId: member.id,
        before: { email: member.email, role: 'partner_member' },
        after: { email: member.email, role: 'partner_admin' },
      },
    ]);
    expect(await audits(partner.id, 'member.removed')).toEqual([
      {
        ...row,
        subjectType: 'user',
        subjectId: member.id,
        before: { email: member.email, role: 'partner_admin' },
        after: null,
      },
    ]);
  });

  it("finds only the partner's own members in the service, whatever id it is handed", async () => {
    const partner = await buildPartner(t);
    const other = await buildPartner(t);
    const stranger = await buildUser(t, { role: 'partner_member', partnerId: other.id });
    const actor = userActor(await buildUser(t, { role: 'admin' }));
    const notMember = { code: 'not_found', message: 'member not found' };

    await expect(
      changeMemberRole(t.ctx, actor, partner.id, stranger.id, 'partner_admin'),
    ).rejects.toMatchObject(notMember);
    await expect(removeMember(t.ctx, actor, partner.id, stranger.id)).rejects.toMatchObject(notMember);
    expect(await audits(partner.id, 'member.role_changed')).toEqual([]);
    expect(await audits(partner.id, 'member.removed')).toEqual([]);
  });
});
