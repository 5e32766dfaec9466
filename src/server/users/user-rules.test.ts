import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { auditRowsAbout, errorOf } from '../../../tests/support/answers.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import {
  buildPartner,
  buildUser,
  PASSWORD,
  signedInUser,
  signIn,
  unique,
} from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { LIMITS } from '../auth/login-throttle.js';
import { verifyPassword } from '../auth/passwords.js';
import { sessions, users } from '../db/schema/index.js';
import { resetPlatformAdmin } from './platform-admins.js';
import { insertUser } from './service.js';

/** Creating, disabling and removing accounts: the refusals in words, what is stored, and each audit row. */
describeEachDatabase('user rules', (kind) => {
  const t = useTestApp(kind);

  const userRow = async (id: string) => (await t.ctx.db.select().from(users).where(eq(users.id, id)))[0];
  const create = (admin: Awaited<ReturnType<typeof signedInUser>>, payload: object) =>
    admin.request({
      method: 'POST',
      url: '/api/v1/users',
      payload: { password: 'long enough pw', ...payload },
    });

  it('creates staff and partner users with English by default, and audits each under its partner', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    const partner = await buildPartner(t);
    const staffEmail = `${unique('agent')}@example.test`;
    const staff = await create(admin, {
      email: staffEmail.toUpperCase(),
      name: 'Agent',
      role: 'support_agent',
    });
    expect(staff.statusCode).toBe(201);
    expect(staff.json()).toMatchObject({
      email: staffEmail,
      name: 'Agent',
      role: 'support_agent',
      partnerId: null,
      locale: 'en',
      disabledAt: null,
      lastLoginAt: null,
    });
    const memberEmail = `${unique('member')}@example.test`;
    const member = (
      await create(admin, {
        email: memberEmail,
        name: 'M',
        role: 'partner_member',
        partnerId: partner.id,
        locale: 'fr',
      })
    ).json();
    expect(member).toMatchObject({ partnerId: partner.id, locale: 'fr' });
    const listed = (await admin.request({ method: 'GET', url: '/api/v1/users' })).json() as {
      email: string;
    }[];
    const emails = listed.map((u) => u.email);
    expect(emails.filter((e) => e === staffEmail || e === memberEmail)).toEqual([staffEmail, memberEmail]);

    const row = {
      actorLabel: admin.user.email,
      actorUserId: admin.user.id,
      actorTokenId: null,
      before: null,
    };
    expect(await auditRowsAbout(t, staff.json().id, 'user.created')).toEqual([
      {
        ...row,
        partnerId: null,
        subjectType: 'user',
        subjectId: staff.json().id,
        after: { email: staffEmail, role: 'support_agent' },
      },
    ]);
    expect(await auditRowsAbout(t, member.id, 'user.created')).toEqual([
      {
        ...row,
        partnerId: partner.id,
        subjectType: 'user',
        subjectId: member.id,
        after: { email: memberEmail, role: 'partner_member' },
      },
    ]);
  });

  it('refuses a role without its partner, a staff role with one, an unknown partner and a taken address, in words', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    const partner = await buildPartner(t);
    const email = () => `${unique('refused')}@example.test`;
    const partnerId = (message: string) => ({
      status: 400,
      code: 'validation',
      message: `partnerId: ${message}`,
      field: 'partnerId',
      reason: 'invalid',
    });

    expect(await errorOf(create(admin, { email: email(), name: 'P', role: 'partner_admin' }))).toEqual(
      partnerId('is required for partner roles'),
    );
    expect(
      await errorOf(create(admin, { email: email(), name: 'S', role: 'consultant', partnerId: partner.id })),
    ).toEqual(partnerId('must be empty for staff roles'));
    expect(
      await errorOf(
        create(admin, { email: email(), name: 'U', role: 'partner_member', partnerId: randomUUID() }),
      ),
    ).toEqual(partnerId('no such partner'));
    expect(
      await errorOf(create(admin, { email: admin.user.email.toUpperCase(), name: 'D', role: 'admin' })),
    ).toEqual({
      status: 409,
      code: 'conflict',
      message: `a user with email ${admin.user.email} already exists`,
    });
  });

  it('stores the address trimmed in lower case, the name trimmed, and only a hash of a password of 12 or more', async () => {
    const short = insertUser(t.ctx, t.ctx.db, {
      email: `${unique('short')}@example.test`,
      name: 'Short',
      role: 'support_agent',
      password: 'eleven char',
    });
    await expect(short).rejects.toMatchObject({
      code: 'validation',
      message: 'password: must be at least 12 characters',
      details: { field: 'password', reason: 'too_short', params: { limit: 12 } },
    });
    const email = `${unique('padded')}@example.test`;
    const user = await insertUser(t.ctx, t.ctx.db, {
      email: `  ${email.toUpperCase()}  `,
      name: '  Padded Name  ',
      role: 'support_agent',
      password: 'twelve chars',
    });
    expect(user).toMatchObject({ email, name: 'Padded Name', locale: 'en', partnerId: null });
    const stored = await userRow(user.id);
    expect(stored?.passwordHash).not.toContain('twelve chars');
    expect(await verifyPassword(stored?.passwordHash ?? null, 'twelve chars')).toBe(true);

    const invited = await insertUser(t.ctx, t.ctx.db, {
      email: `${unique('nopassword')}@example.test`,
      name: 'No password',
      role: 'support_agent',
    });
    expect((await userRow(invited.id))?.passwordHash).toBeNull();
  });

  it('audits disabling, enabling and removing an account with its partner, and answers 404 for an unknown one', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    const partner = await buildPartner(t);
    await buildUser(t, { role: 'partner_admin', partnerId: partner.id });
    const member = await buildUser(t, { role: 'partner_member', partnerId: partner.id });
    const patch = (id: string, disabled: boolean) =>
      admin.request({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { disabled } });

    const disabledAt = t.clock.now();
    expect((await patch(member.id, true)).json()).toMatchObject({ disabledAt: disabledAt.toISOString() });
    t.clock.advance(60_000);
    expect((await patch(member.id, false)).json()).toMatchObject({ disabledAt: null });
    expect((await admin.request({ method: 'DELETE', url: `/api/v1/users/${member.id}` })).statusCode).toBe(
      204,
    );

    const row = {
      partnerId: partner.id,
      actorLabel: admin.user.email,
      actorUserId: admin.user.id,
      actorTokenId: null,
      subjectType: 'user',
      subjectId: member.id,
    };
    expect(await auditRowsAbout(t, member.id, 'user.disabled')).toEqual([
      { ...row, before: { disabledAt: null }, after: { disabledAt: disabledAt.toISOString() } },
    ]);
    expect(await auditRowsAbout(t, member.id, 'user.enabled')).toEqual([
      { ...row, before: { disabledAt: disabledAt.toISOString() }, after: { disabledAt: null } },
    ]);
    expect(await auditRowsAbout(t, member.id, 'user.removed')).toEqual([
      { ...row, before: { email: member.email, role: 'partner_member' }, after: null },
    ]);

    const unknown = { status: 404, code: 'not_found', message: 'user not found' };
    expect(await errorOf(patch(member.id, true))).toEqual(unknown);
    expect(await errorOf(admin.request({ method: 'DELETE', url: `/api/v1/users/${randomUUID()}` }))).toEqual(
      unknown,
    );
  });

  it('keeps the first moment when an account is disabled twice, and keeps sessions on a role change', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    const partner = await buildPartner(t);
    const partnerAdmin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const member = await signedInUser(t, { role: 'partner_member', partnerId: partner.id });
    const promoted = await partnerAdmin.request({
      method: 'PATCH',
      url: `/api/v1/partners/${partner.id}/members/${member.user.id}`,
      payload: { role: 'partner_admin' },
    });
    expect(promoted.json()).toMatchObject({ role: 'partner_admin', disabledAt: null });
    expect((await member.request({ method: 'GET', url: '/api/v1/auth/me' })).json().user.role).toBe(
      'partner_admin',
    );

    const patch = () =>
      admin.request({ method: 'PATCH', url: `/api/v1/users/${member.user.id}`, payload: { disabled: true } });
    const first = t.clock.now().toISOString();
    expect((await patch()).json()).toMatchObject({ disabledAt: first });
    t.clock.advance(60_000);
    expect((await patch()).json()).toMatchObject({ disabledAt: first });
    expect(
      (await auditRowsAbout(t, member.user.id, 'user.disabled')).map(({ before, after }) => ({
        before,
        after,
      })),
    ).toEqual([
      { before: { disabledAt: first }, after: { disabledAt: first } },
      { before: { disabledAt: null }, after: { disabledAt: first } },
    ]);
  });

  it('resets a platform admin: a new account, or an existing staff one promoted, enabled and unlocked', async () => {
    const email = `${unique('reset')}@example.test`;
    const created = await resetPlatformAdmin(t.ctx, `  ${email.toUpperCase()} `);
    expect(created).toEqual({
      email,
      password: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
      existing: false,
    });
    expect((await signIn(t, email, created.password ?? '')).user).toMatchObject({
      email,
      name: 'Administrator',
      role: 'admin',
    });
    const [account] = await t.ctx.db.select().from(users).where(eq(users.email, email));
    expect(await auditRowsAbout(t, account?.id ?? '', 'user.created')).toEqual([
      {
        partnerId: null,
        actorLabel: 'system',
        actorUserId: null,
        actorTokenId: null,
        subjectType: 'user',
        subjectId: account?.id,
        before: null,
        after: { email, role: 'admin', reason: 'npm run admin -- reset' },
      },
    ]);

    // A disabled support agent, signed in somewhere, locked out by failed sign-ins from this address.
    const agent = await buildUser(t, { role: 'support_agent' });
    await signIn(t, agent.email);
    const disabledAt = t.clock.now();
    await t.ctx.db.update(users).set({ disabledAt }).where(eq(users.id, agent.id));
    const login = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: agent.email, password },
        remoteAddress: '10.9.9.9',
      });
    for (let i = 0; i < LIMITS.pair; i++) await login('wrong password');
    expect((await login(PASSWORD)).statusCode).toBe(429);

    const reset = await resetPlatformAdmin(t.ctx, agent.email);
    expect(reset).toMatchObject({ email: agent.email, existing: true });
    expect(await userRow(agent.id)).toMatchObject({ role: 'admin', disabledAt: null });
    expect(await t.ctx.db.select().from(sessions).where(eq(sessions.userId, agent.id))).toEqual([]);
    expect((await login(PASSWORD)).statusCode).toBe(401);
    expect((await login(reset.password ?? '')).statusCode).toBe(200);
    expect(await auditRowsAbout(t, agent.id, 'user.enabled')).toEqual([
      {
        partnerId: null,
        actorLabel: 'system',
        actorUserId: null,
        actorTokenId: null,
        subjectType: 'user',
        subjectId: agent.id,
        before: { role: 'support_agent', disabledAt: disabledAt.toISOString() },
        after: { role: 'admin', disabledAt: null, reason: 'npm run admin -- reset' },
      },
    ]);
  });

  it("refuses to make a partner's account a platform admin, in words, changing nothing", async () => {
    const partner = await buildPartner(t);
    const member = await buildUser(t, { role: 'partner_member', partnerId: partner.id });
    await expect(resetPlatformAdmin(t.ctx, member.email)).rejects.toMatchObject({
      code: 'conflict',
      message: `${member.email} belongs to a partner organisation and cannot be a platform admin`,
    });
    expect(await userRow(member.id)).toMatchObject({ role: 'partner_member', partnerId: partner.id });
    expect(await auditRowsAbout(t, member.id, 'user.enabled')).toEqual([]);
  });
});
