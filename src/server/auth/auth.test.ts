import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner, buildUser, PASSWORD, signedInUser, signIn } from '../../../tests/support/factories.js';
import { createTestApp, useTestApp } from '../../../tests/support/test-app.js';
import { sessions, throttleSlots, users } from '../db/schema/index.js';
import { sha256 } from '../lib/secrets.js';
import { clearAccountFailures, LIMITS, THROTTLE_WINDOW_MS } from './login-throttle.js';

describeEachDatabase('auth', (kind) => {
  const t = useTestApp(kind, { config: { sessionIdleMinutes: 30, sessionMaxHours: 24 } });
  const attempt = (email: string, password: string, ip: string, cookies: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      remoteAddress: ip,
      cookies,
    });
  const statuses = (responses: LightMyRequestResponse[]) => responses.map((r) => r.statusCode);
  const deviceCookieOf = (response: LightMyRequestResponse) => {
    const cookie = response.cookies.find((c) => c.name === 'sb_device');
    if (!cookie) throw new Error(`no device cookie: ${response.statusCode} ${response.body}`);
    return cookie;
  };

  it('signs in with a hardened session cookie and a fresh id every time', async () => {
    const user = await buildUser(t, { role: 'support_agent' });
    const login = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email.toUpperCase(), password: PASSWORD },
      });
    const first = await login();
    expect(first.statusCode).toBe(200);
    expect(first.json().user).toMatchObject({ email: user.email, role: 'support_agent' });
    const cookie = first.cookies.find((c) => c.name === 'sb_session');
    // Max-Age is the session's absolute lifetime (sessionMaxHours: 24 here).
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 24 * 3600 });
    expect(cookie?.secure).toBeFalsy();
    // The device cookie goes only to the sign-in, and only from this site's own pages.
    const device = deviceCookieOf(first);
    expect(device).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/api/v1/auth/login',
      maxAge: 180 * 24 * 3600,
    });
    expect(device.secure).toBeFalsy();
    // 32 random bytes in base64url: 256 bits.
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const second = await login();
    expect(second.cookies.find((c) => c.name === 'sb_session')?.value).not.toBe(cookie?.value);
    const stored = await t.ctx.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(stored).toHaveLength(2);
    expect(stored.map((s) => s.idHash)).toContain(sha256(cookie?.value ?? ''));
    expect(stored.map((s) => s.idHash)).not.toContain(cookie?.value);
  });

  it('marks the cookies Secure behind an https proxy', async () => {
    const proxied = await createTestApp(kind, { config: { trustProxy: 1 } });
    const user = await buildUser(proxied);
    const response = await proxied.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { email: user.email, password: PASSWORD },
    });
    expect(response.cookies.find((c) => c.name === 'sb_session')?.secure).toBe(true);
    expect(deviceCookieOf(response).secure).toBe(true);
    await proxied.close();
  });

  it('stores passwords as argon2id with at least 19 MiB, t=2, p=1', async () => {
    const user = await buildUser(t);
    const [row] = await t.ctx.db
      .select({ hash: users.passwordHash })
      .from(users)
      .where(eq(users.id, user.id));
    expect(row?.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('rejects wrong credentials with 401 and the same message for unknown emails', async () => {
    const user = await buildUser(t);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: 'nope nope nope' },
      remoteAddress: '10.1.1.1',
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ghost@example.test', password: 'nope nope nope' },
      remoteAddress: '10.1.1.1',
    });
    const refused = { error: { code: 'unauthenticated', message: 'wrong email or password' } };
    expect({ status: wrong.statusCode, body: wrong.json() }).toEqual({ status: 401, body: refused });
    expect({ status: unknown.statusCode, body: unknown.json() }).toEqual({ status: 401, body: refused });
  });

  it('returns the current user on /me and ends the session on logout', async () => {
    const agent = await signedInUser(t, { role: 'triage' });
    const me = await agent.request({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.json().user.email).toBe(agent.user.email);
    const logout = await agent.request({ method: 'POST', url: '/api/v1/auth/logout' });
    expect(logout.statusCode).toBe(204);
    expect((await agent.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
  });

  it('requires the CSRF header for cookie-authenticated writes', async () => {
    const agent = await signedInUser(t);
    const withoutHeader = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      cookies: { sb_session: agent.cookie },
      payload: { locale: 'de' },
    });
    expect(withoutHeader.statusCode).toBe(403);
    expect(withoutHeader.json().error.message).toContain('x-csrf-token');
    const withHeader = await agent.request({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      payload: { locale: 'de' },
    });
    expect(withHeader.statusCode).toBe(200);
    expect(withHeader.json().locale).toBe('de');
  });

  it('answers an empty profile change with the unchanged user', async () => {
    const agent = await signedInUser(t);
    await agent.request({ method: 'PATCH', url: '/api/v1/auth/me', payload: { locale: 'fr' } });
    const unchanged = await agent.request({ method: 'PATCH', url: '/api/v1/auth/me', payload: {} });
    expect(unchanged.statusCode).toBe(200);
    expect(unchanged.json()).toMatchObject({
      id: agent.user.id,
      email: agent.user.email,
      name: 'Test User',
      locale: 'fr',
      contactsPromptedAt: null,
    });
  });

  it('ends all sessions of a user who is disabled or removed', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    const partner = await buildPartner(t);
    const member = await buildUser(t, { role: 'partner_member', partnerId: partner.id });
    const laptop = await signIn(t, member.email);
    const phone = await signIn(t, member.email, PASSWORD, '10.0.0.2');
    const disable = await admin.request({
      method: 'PATCH',
      url: `/api/v1/users/${member.id}`,
      payload: { disabled: true },
    });
    expect(disable.statusCode).toBe(200);
    expect((await laptop.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    expect((await phone.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: member.email, password: PASSWORD },
    });
    expect(again.statusCode).toBe(401);

    const other = await buildUser(t, { role: 'partner_member', partnerId: partner.id });
    const session = await signIn(t, other.email);
    expect((await admin.request({ method: 'DELETE', url: `/api/v1/users/${other.id}` })).statusCode).toBe(
      204,
    );
    expect((await session.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
  });

  it('throttles guessing per account and address without locking the real user out', async () => {
    const user = await buildUser(t);
    for (let i = 0; i < LIMITS.pair; i++)
      expect((await attempt(user.email, 'guess guess guess', '203.0.113.9')).statusCode).toBe(401);
    const blocked = await attempt(user.email, PASSWORD, '203.0.113.9');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error).toEqual({
      code: 'rate_limited',
      message: 'too many failed sign-in attempts; try again later',
    });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // The owner, from their own address, is not affected by the attacker's failures.
    expect((await attempt(user.email, PASSWORD, '198.51.100.7')).statusCode).toBe(200);
    // And the attacker's block lifts after the window.
    t.clock.advance(THROTTLE_WINDOW_MS + 1000);
    expect((await attempt(user.email, PASSWORD, '203.0.113.9')).statusCode).toBe(200);
  });

  it('forgets an account’s failures from every address when an admin resets it', async () => {
    const user = await buildUser(t);
    for (let i = 0; i < LIMITS.pair; i++)
      expect((await attempt(user.email, 'guess guess guess', '203.0.113.60')).statusCode).toBe(401);
    expect((await attempt(user.email, PASSWORD, '203.0.113.60')).statusCode).toBe(429);
    await clearAccountFailures(t.ctx.db, user.email);
    const left = await t.ctx.db.select({ key: throttleSlots.key }).from(throttleSlots);
    expect(left.filter((slot) => slot.key.includes(user.email))).toEqual([]);
    expect((await attempt(user.email, PASSWORD, '203.0.113.60')).statusCode).toBe(200);
  });

  it('lets no more concurrent wrong passwords reach verification than the pair limit', async () => {
    const user = await buildUser(t);
    const responses = await Promise.all(
      Array.from({ length: 40 }, () => attempt(user.email, 'guess guess guess', '203.0.113.10')),
    );
    expect(statuses(responses).filter((s) => s === 401)).toHaveLength(LIMITS.pair);
    const refused = responses.filter((r) => r.statusCode === 429);
    expect(refused).toHaveLength(40 - LIMITS.pair);
    for (const response of refused) expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt(user.email, PASSWORD, '198.51.100.10')).statusCode).toBe(200);
  });

  it('lets a browser that signed in before past the account-wide limit, and no one else', async () => {
    const user = await buildUser(t);
    const earlier = await attempt(user.email, PASSWORD, '198.51.100.20');
    const device = deviceCookieOf(earlier);
    expect(device).toMatchObject({ httpOnly: true, path: '/api/v1/auth/login', maxAge: 180 * 24 * 3600 });
    const other = await buildUser(t);
    const othersDevice = deviceCookieOf(await attempt(other.email, PASSWORD, '198.51.100.21')).value;

    // Strangers exhaust the account limit from many addresses, each within its own pair and address limits.
    for (let batch = 0; batch < LIMITS.account; batch += 10) {
      const guesses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          attempt(user.email, 'guess guess guess', `10.77.0.${batch + i}`),
        ),
      );
      expect(new Set(statuses(guesses))).toEqual(new Set([401]));
    }

    expect((await attempt(user.email, PASSWORD, '198.51.100.22')).statusCode).toBe(429);
    const forged = `${device.value.slice(0, -1)}${device.value.endsWith('A') ? 'B' : 'A'}`;
    for (const cookie of [forged, othersDevice]) {
      expect((await attempt(user.email, PASSWORD, '198.51.100.22', { sb_device: cookie })).statusCode).toBe(
        429,
      );
    }
    const owner = await attempt(user.email, PASSWORD, '198.51.100.23', { sb_device: device.value });
    expect(owner.statusCode).toBe(200);
  });

  it('still holds a browser with a device cookie to the pair limit and to a few guesses of its own', async () => {
    const user = await buildUser(t);
    const device = deviceCookieOf(await attempt(user.email, PASSWORD, '198.51.100.30')).value;
    t.clock.advance(1000); // a cookie names its user and issue time: a second later, another browser's
    const laptop = deviceCookieOf(await attempt(user.email, PASSWORD, '198.51.100.32')).value;
    const withDevice = (password: string, ip: string) =>
      attempt(user.email, password, ip, { sb_device: device });
    for (let i = 0; i < LIMITS.pair; i++)
      expect((await withDevice('guess guess guess', '203.0.113.30')).statusCode).toBe(401);
    expect((await withDevice(PASSWORD, '203.0.113.30')).statusCode).toBe(429);
    // A stolen device cookie does not turn the account limit into unlimited guessing from many addresses.
    for (let i = LIMITS.pair; i < LIMITS.device; i++)
      expect((await withDevice('guess guess guess', `203.0.113.${40 + i}`)).statusCode).toBe(401);
    expect((await withDevice(PASSWORD, '203.0.113.99')).statusCode).toBe(429);
    // The owner's other browsers are unaffected, each trusted device counting on its own.
    expect((await attempt(user.email, PASSWORD, '198.51.100.31')).statusCode).toBe(200);
    expect((await attempt(user.email, PASSWORD, '203.0.113.98', { sb_device: laptop })).statusCode).toBe(200);
  });

  it('counts failures against the address the trusted proxy saw, not a spoofed X-Forwarded-For entry', async () => {
    const proxied = await createTestApp(kind, { config: { trustProxy: 1 } });
    try {
      const user = await buildUser(proxied);
      const viaProxy = (password: string, spoofed: string) =>
        proxied.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: user.email, password },
          headers: { 'x-forwarded-for': `${spoofed}, 203.0.113.9` },
          remoteAddress: '10.0.0.254',
        });
      for (let i = 0; i < LIMITS.pair; i++)
        expect((await viaProxy('guess guess guess', `192.0.2.${i + 1}`)).statusCode).toBe(401);
      expect((await viaProxy(PASSWORD, '192.0.2.200')).statusCode).toBe(429);
    } finally {
      await proxied.close();
    }
  });

  it('throttles one address spraying many accounts', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < LIMITS.ip; i++) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `spray${i}@example.test`, password: 'x' },
        remoteAddress: ip,
      });
      expect(response.statusCode).toBe(401);
    }
    const next = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'another@example.test', password: 'x' },
      remoteAddress: ip,
    });
    expect(next.statusCode).toBe(429);
  });
});
