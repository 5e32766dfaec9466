import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { userActor } from '../../../tests/support/actors.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import {
  type Agent,
  buildPartner,
  buildUser,
  signedInUser,
  unique,
} from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { type ErrorCode, STATUS_BY_CODE } from '../lib/errors.js';
import { createToken } from '../tokens/service.js';

/**
 * What each kind of caller is told on each access level (auth/access.ts), with the messages API clients
 * read. tests/tenancy.test.ts walks every route by status; this pins the rules and their answers.
 */
describeEachDatabase('access levels', (kind) => {
  const t = useTestApp(kind);
  const partners = { a: '', b: '' };
  let admin: Agent;
  let agent: Agent;
  let adminA: Agent;
  let memberA: Agent;
  let adminB: Agent;
  let tokenA: string;
  let tokenB: string;
  let ingestToken: string;
  let contactA: string;
  let contactB: string;

  const created = async (response: Promise<LightMyRequestResponse>) => {
    const answer = await response;
    if (answer.statusCode !== 201) throw new Error(`fixture: ${answer.statusCode} ${answer.body}`);
    return answer.json() as { id: string; secret: string };
  };
  const partnerToken = async (owner: Agent, partnerId: string) =>
    (
      await created(
        owner.request({
          method: 'POST',
          url: `/api/v1/partners/${partnerId}/tokens`,
          payload: { name: 'pos' },
        }),
      )
    ).secret;
  const contact = async (owner: Agent, partnerId: string) =>
    (
      await created(
        owner.request({
          method: 'POST',
          url: `/api/v1/partners/${partnerId}/contacts`,
          payload: { role: 'alert', name: 'On call', email: `${unique('contact')}@example.test` },
        }),
      )
    ).id;

  beforeAll(async () => {
    partners.a = (await buildPartner(t)).id;
    partners.b = (await buildPartner(t)).id;
    admin = await signedInUser(t, { role: 'admin' });
    agent = await signedInUser(t, { role: 'support_agent' });
    adminA = await signedInUser(t, { role: 'partner_admin', partnerId: partners.a });
    memberA = await signedInUser(t, { role: 'partner_member', partnerId: partners.a });
    adminB = await signedInUser(t, { role: 'partner_admin', partnerId: partners.b });
    tokenA = await partnerToken(adminA, partners.a);
    tokenB = await partnerToken(adminB, partners.b);
    ingestToken = (
      await created(
        admin.request({ method: 'POST', url: '/api/v1/ingest-tokens', payload: { name: 'platform' } }),
      )
    ).secret;
    contactA = await contact(adminA, partners.a);
    contactB = await contact(adminB, partners.b);
  });

  const bearer = (secret: string, url: string, method: 'GET' | 'POST' = 'GET', payload?: object) =>
    t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${secret}` } });
  const get = (who: Agent, url: string) => who.request({ method: 'GET', url });
  const expectError = (response: LightMyRequestResponse, code: ErrorCode, message: string) =>
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: STATUS_BY_CODE[code],
      body: { error: { code, message } },
    });
  const partnerNotFound = (response: LightMyRequestResponse) =>
    expectError(response, 'not_found', 'partner not found');

  it('reads a Bearer token whatever the letter case and spacing of the scheme, and no other scheme', async () => {
    const url = `/api/v1/partners/${partners.a}`;
    for (const authorization of [`Bearer ${tokenA}`, `bearer ${tokenA}`, `BEARER   ${tokenA}`]) {
      const response = await t.app.inject({ method: 'GET', url, headers: { authorization } });
      expect(response.statusCode, authorization).toBe(200);
    }
    // Basic credentials are not a token: the session cookie beside them decides.
    const withBasic = await memberA.request({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: 'Basic dXNlcjpwYXNzd29yZA==' },
    });
    expect(withBasic.statusCode).toBe(200);
    expect(withBasic.json().user.id).toBe(memberA.user.id);
  });

  it('answers 401 to an unknown token and to a request with no credentials, writes included', async () => {
    expectError(
      await bearer('sbp_unknown', `/api/v1/partners/${partners.a}`),
      'unauthenticated',
      'invalid or revoked API token',
    );
    expectError(
      await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' }),
      'unauthenticated',
      'sign in required',
    );
    // No session means no CSRF check to fail: the answer is "sign in", not "forbidden".
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout' }),
      'unauthenticated',
      'sign in required',
    );
    const unknownCookie = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      cookies: { sb_session: 'gone' },
    });
    expectError(unknownCookie, 'unauthenticated', 'sign in required');
  });

  it("needs the session's own CSRF token on a cookie write, and none on reads or token writes", async () => {
    const patch = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'PATCH',
        url: '/api/v1/auth/me',
        cookies: { sb_session: memberA.cookie },
        headers,
        payload: { name: 'Member A' },
      });
    const refused = 'missing or invalid x-csrf-token header';
    expectError(await patch({}), 'forbidden', refused);
    expectError(await patch({ 'x-csrf-token': adminA.csrfToken }), 'forbidden', refused);
    expectError(await patch({ 'x-csrf-token': memberA.csrfToken.slice(1) }), 'forbidden', refused);
    expect((await patch({ 'x-csrf-token': memberA.csrfToken })).statusCode).toBe(200);

    const read = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      cookies: { sb_session: memberA.cookie },
    });
    expect(read.statusCode).toBe(200);
    // A token write passes access and reaches body validation.
    const tokenWrite = await bearer(tokenA, `/api/v1/partners/${partners.a}/cases`, 'POST', {});
    expect(tokenWrite.statusCode).toBe(400);
    expect(tokenWrite.json().error.code).toBe('validation');
  });

  it('keeps API tokens off routes for signed-in users', async () => {
    expectError(await bearer(tokenA, '/api/v1/auth/me'), 'forbidden', 'this route needs a signed-in user');
    expectError(
      await bearer(ingestToken, '/api/v1/auth/me'),
      'forbidden',
      'this route needs a signed-in user',
    );
  });

  it('lets only the staff roles a staff route lists through it', async () => {
    const staffOnly = 'platform staff only';
    expectError(await bearer(ingestToken, '/api/v1/partners'), 'forbidden', staffOnly);
    expectError(await bearer(tokenA, '/api/v1/partners'), 'forbidden', staffOnly);
    expectError(await get(adminA, '/api/v1/partners'), 'forbidden', staffOnly);
    expectError(await get(agent, '/api/v1/users'), 'forbidden', staffOnly);
    expect((await get(agent, '/api/v1/partners')).statusCode).toBe(200);
    expect((await get(admin, '/api/v1/users')).statusCode).toBe(200);
  });

  it('lets ingest tokens and platform admins, and nobody else, use ingest routes', async () => {
    const url = '/api/v1/integrations';
    expect((await bearer(ingestToken, url)).statusCode).toBe(200);
    expect((await get(admin, url)).statusCode).toBe(200);
    for (const response of [await bearer(tokenA, url), await get(agent, url), await get(adminA, url)]) {
      expectError(response, 'forbidden', 'needs an ingest token');
    }
  });

  it('lets a partner token read its own partner only, and manage nothing', async () => {
    const own = `/api/v1/partners/${partners.a}`;
    expect((await bearer(tokenA, own)).statusCode).toBe(200);
    partnerNotFound(await bearer(tokenB, own));
    partnerNotFound(await bearer(ingestToken, own));
    // Only a partner API token acts for a partner, even if an ingest token were tied to one.
    const actor = userActor(await buildUser(t, { role: 'admin' }));
    const tiedIngest = await createToken(t.ctx, actor, {
      name: 'tied',
      scope: 'ingest',
      partnerId: partners.a,
    });
    partnerNotFound(await bearer(tiedIngest.secret, own));
    partnerNotFound(await bearer(tokenA, '/api/v1/partners/not-a-uuid'));
    const cannotManage = 'API tokens cannot manage the partner account';
    expectError(await bearer(tokenA, `${own}/invites`), 'forbidden', cannotManage); // adminRead
    expectError(await bearer(tokenA, `${own}/tokens`), 'forbidden', cannotManage); // manage
  });

  it('lets staff read an existing partner, and only platform admins manage one', async () => {
    const own = `/api/v1/partners/${partners.a}`;
    expect((await get(agent, `${own}/members`)).statusCode).toBe(200);
    expect((await get(agent, `${own}/invites`)).statusCode).toBe(200);
    expectError(await get(agent, `${own}/tokens`), 'forbidden', 'only platform admins can do this');
    expect((await get(admin, `${own}/tokens`)).statusCode).toBe(200);
    // The members list itself would answer [] for any id: the partner's existence is the hook's check.
    partnerNotFound(await get(admin, `/api/v1/partners/${randomUUID()}/members`));
    partnerNotFound(await get(agent, `/api/v1/partners/${randomUUID()}/members`));
    partnerNotFound(await get(admin, '/api/v1/partners/not-a-uuid/members'));
  });

  it('gives partner users 404 for another partner and 403 above their role on their own', async () => {
    partnerNotFound(await get(memberA, `/api/v1/partners/${partners.b}/members`));
    partnerNotFound(await get(adminA, `/api/v1/partners/${partners.b}/members`));
    partnerNotFound(await get(adminA, '/api/v1/partners/not-a-uuid/members'));
    const own = `/api/v1/partners/${partners.a}`;
    expect((await get(memberA, `${own}/members`)).statusCode).toBe(200);
    expectError(await get(memberA, `${own}/invites`), 'forbidden', 'only partner admins can do this');
    expectError(await get(memberA, `${own}/tokens`), 'forbidden', 'only partner admins can do this');
    expect((await get(adminA, `${own}/invites`)).statusCode).toBe(200);
    expect((await get(adminA, `${own}/tokens`)).statusCode).toBe(200);
  });

  it("names the sub-resource in the 404 for another partner's, an unknown or a malformed id", async () => {
    const remove = (who: Agent, partnerId: string, contactId: string) =>
      who.request({ method: 'DELETE', url: `/api/v1/partners/${partnerId}/contacts/${contactId}` });
    for (const contactId of [contactB, randomUUID(), 'not-a-uuid']) {
      expectError(await remove(adminA, partners.a, contactId), 'not_found', 'contact not found');
    }
    // Staff see every partner, but not one partner's contact under another's id.
    expectError(await remove(admin, partners.b, contactA), 'not_found', 'contact not found');
    expect((await remove(adminA, partners.a, contactA)).statusCode).toBe(204);
  });
});
