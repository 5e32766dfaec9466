import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildUser, PASSWORD, signedInUser, signIn } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { sessions } from '../db/schema/index.js';
import { HOUR, MINUTE } from '../lib/clock.js';
import { sha256 } from '../lib/secrets.js';
import { deleteExpiredSessions } from './sessions.js';

const IDLE = 30 * MINUTE;
const LIFETIME = 24 * HOUR;

describeEachDatabase('sessions', (kind) => {
  const t = useTestApp(kind, { config: { sessionIdleMinutes: 30, sessionMaxHours: 24 } });
  const me = async (agent: Agent) =>
    (await agent.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode;
  const storedSession = async (agent: Agent) =>
    (
      await t.ctx.db
        .select()
        .from(sessions)
        .where(eq(sessions.idHash, sha256(agent.cookie)))
    )[0];

  it('ends a session exactly when it has been idle for the timeout since its last use', async () => {
    const agent = await signedInUser(t);
    t.clock.advance(IDLE - 1);
    expect(await me(agent)).toBe(200);
    t.clock.advance(IDLE - 1);
    expect(await me(agent)).toBe(200);
    t.clock.advance(IDLE);
    expect(await me(agent)).toBe(401);
    expect(await storedSession(agent)).toBeUndefined();
  });

  it('ends a session in use exactly at its absolute lifetime', async () => {
    const agent = await signedInUser(t);
    let elapsed = 0;
    while (elapsed + 29 * MINUTE < LIFETIME - 1) {
      t.clock.advance(29 * MINUTE);
      elapsed += 29 * MINUTE;
      expect(await me(agent)).toBe(200);
    }
    t.clock.advance(LIFETIME - 1 - elapsed);
    expect(await me(agent)).toBe(200);
    t.clock.advance(1);
    expect(await me(agent)).toBe(401);
  });

  it('records the last use at most once a minute', async () => {
    const agent = await signedInUser(t);
    const signedInAt = t.clock.now();
    expect((await storedSession(agent))?.lastSeenAt).toEqual(signedInAt);
    t.clock.advance(MINUTE);
    expect(await me(agent)).toBe(200);
    expect((await storedSession(agent))?.lastSeenAt).toEqual(signedInAt);
    t.clock.advance(1);
    expect(await me(agent)).toBe(200);
    const recorded = t.clock.now();
    expect((await storedSession(agent))?.lastSeenAt).toEqual(recorded);
    t.clock.advance(30_000);
    expect(await me(agent)).toBe(200);
    expect((await storedSession(agent))?.lastSeenAt).toEqual(recorded);
  });

  it('records where a session was opened: the address and the browser, cut to 300 characters', async () => {
    const user = await buildUser(t);
    const login = (headers: Record<string, string | undefined>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: PASSWORD },
        remoteAddress: '198.51.100.44',
        headers,
      });
    const browser = `Mozilla/5.0 ${'x'.repeat(400)}`;
    const withAgent = await login({ 'user-agent': browser });
    const withoutAgent = await login({ 'user-agent': undefined });
    const stored = async (response: Awaited<ReturnType<typeof login>>) => {
      const cookie = response.cookies.find((c) => c.name === 'sb_session')?.value ?? '';
      return (
        await t.ctx.db
          .select()
          .from(sessions)
          .where(eq(sessions.idHash, sha256(cookie)))
      )[0];
    };
    expect(await stored(withAgent)).toMatchObject({
      userId: user.id,
      ip: '198.51.100.44',
      userAgent: browser.slice(0, 300),
      createdAt: t.clock.now(),
      expiresAt: new Date(t.clock.now().getTime() + LIFETIME),
    });
    expect(await stored(withoutAgent)).toMatchObject({ ip: '198.51.100.44', userAgent: null });
  });

  it('keeps the sessions a disabled user lost ended when the user is enabled again', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    const user = await buildUser(t, { role: 'support_agent' });
    const session = await signIn(t, user.email);
    const setDisabled = (disabled: boolean) =>
      admin.request({ method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { disabled } });
    expect((await setDisabled(true)).statusCode).toBe(200);
    expect(await t.ctx.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    expect((await setDisabled(false)).statusCode).toBe(200);
    expect(await me(session)).toBe(401);
    expect(await me(await signIn(t, user.email))).toBe(200);
  });

  it('housekeeping deletes the sessions past their lifetime or idle timeout and keeps the live ones', async () => {
    const user = await buildUser(t);
    const now = t.clock.now().getTime();
    const row = (idHash: string, lastSeenAgo: number, expiresIn: number) => ({
      idHash: `${idHash}-${user.id}`,
      userId: user.id,
      csrfToken: 'csrf',
      createdAt: new Date(now - HOUR),
      lastSeenAt: new Date(now - lastSeenAgo),
      expiresAt: new Date(now + expiresIn),
    });
    await t.ctx.db
      .insert(sessions)
      .values([
        row('live', 10 * MINUTE, HOUR),
        row('idle', IDLE + MINUTE, HOUR),
        row('expired', MINUTE, -MINUTE),
      ]);
    await deleteExpiredSessions(t.ctx);
    const left = await t.ctx.db
      .select({ idHash: sessions.idHash })
      .from(sessions)
      .where(eq(sessions.userId, user.id));
    expect(left).toEqual([{ idHash: `live-${user.id}` }]);
  });
});
