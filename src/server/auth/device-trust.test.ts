import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/client.js';
import { serverSecrets } from '../db/schema/index.js';
import { MINUTE } from '../lib/clock.js';
import { sha256 } from '../lib/secrets.js';
import { DEVICE_TRUST_MS, issueDeviceToken, trustedDeviceId } from './device-trust.js';

describeEachDatabase('device trust', (kind) => {
  const t = useTestApp(kind);

  it('trusts a device cookie for its own account until it is 180 days old', async () => {
    const user = await buildUser(t);
    const other = await buildUser(t);
    const token = await issueDeviceToken(t.ctx, user.id);
    expect(token).toMatch(/^v1\.[0-9a-f-]{36}\.\d+\.[A-Za-z0-9_-]{43}$/);
    // The device is named by a hash of its cookie, so the throttle never stores a usable cookie.
    expect(await trustedDeviceId(t.ctx, token, user.id)).toBe(sha256(token));
    expect(await trustedDeviceId(t.ctx, token, other.id)).toBeNull();
    expect(await trustedDeviceId(t.ctx, null, user.id)).toBeNull();
    expect(await trustedDeviceId(t.ctx, 'v1.nonsense', user.id)).toBeNull();

    const [version, userId, issuedAt, signature] = token.split('.');
    const younger = [version, userId, Number(issuedAt) + MINUTE, signature].join('.');
    expect(await trustedDeviceId(t.ctx, younger, user.id)).toBeNull();
    const otherAccount = [version, other.id, issuedAt, signature].join('.');
    expect(await trustedDeviceId(t.ctx, otherAccount, other.id)).toBeNull();

    t.clock.advance(DEVICE_TRUST_MS - 1);
    expect(await trustedDeviceId(t.ctx, token, user.id)).not.toBeNull();
    t.clock.advance(1);
    expect(await trustedDeviceId(t.ctx, token, user.id)).toBeNull();
  });

  it('signs with one key that every instance on the database shares', async () => {
    const user = await buildUser(t);
    const token = await issueDeviceToken(t.ctx, user.id);
    // Another instance: its own pool, nothing cached, the same database. (PGlite's data directory
    // belongs to one process, so there it is the same instance.)
    const reopened = kind === 'postgres' ? await t.database.reopen() : null;
    try {
      const elsewhere: AppContext = { ...t.ctx, db: reopened?.db ?? t.database.db };
      expect(await trustedDeviceId(elsewhere, token, user.id)).not.toBeNull();
      const fromElsewhere = await issueDeviceToken(elsewhere, user.id);
      expect(await trustedDeviceId(t.ctx, fromElsewhere, user.id)).not.toBeNull();
    } finally {
      await reopened?.close();
    }
  });

  it('trusts only the v1 format: no extra parts, no other version even when signed with the server key', async () => {
    const user = await buildUser(t);
    const token = await issueDeviceToken(t.ctx, user.id);
    expect(await trustedDeviceId(t.ctx, `${token}.extra`, user.id)).toBeNull();

    const [secret] = await t.ctx.db
      .select({ value: serverSecrets.value })
      .from(serverSecrets)
      .where(eq(serverSecrets.name, 'device_cookie'));
    const signed = (payload: string) =>
      `${payload}.${createHmac('sha256', secret?.value ?? '')
        .update(payload)
        .digest('base64url')}`;
    const issuedAt = t.clock.now().getTime();
    // The forgery is sound: signed the same way, a v1 cookie is trusted.
    expect(await trustedDeviceId(t.ctx, signed(`v1.${user.id}.${issuedAt}`), user.id)).not.toBeNull();
    expect(await trustedDeviceId(t.ctx, signed(`v2.${user.id}.${issuedAt}`), user.id)).toBeNull();
  });

  it('reads the signing key once per database handle, and again after a read that failed', async () => {
    const user = await buildUser(t);
    let reads = 0;
    let failNext = true;
    // A handle of its own (the key is cached per handle) whose first use fails like a dropped connection.
    const db = {
      insert: (...args: Parameters<Database['insert']>) => {
        reads++;
        if (failNext) {
          failNext = false;
          throw new Error('connection terminated');
        }
        return t.ctx.db.insert(...args);
      },
      select: (...args: Parameters<Database['select']>) => t.ctx.db.select(...args),
    } as unknown as Database;
    const ctx: AppContext = { ...t.ctx, db };
    await expect(issueDeviceToken(ctx, user.id)).rejects.toThrow('connection terminated');
    const token = await issueDeviceToken(ctx, user.id);
    expect(await trustedDeviceId(ctx, token, user.id)).toBe(sha256(token));
    await issueDeviceToken(ctx, user.id);
    expect(reads).toBe(2);
  });
});
