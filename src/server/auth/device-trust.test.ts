import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import type { AppContext } from '../context.js';
import { MINUTE } from '../lib/clock.js';
import { DEVICE_TRUST_MS, issueDeviceToken, trustedDeviceId } from './device-trust.js';

describeEachDatabase('device trust', (kind) => {
  const t = useTestApp(kind);

  it('trusts a device cookie for its own account until it is 180 days old', async () => {
    const user = await buildUser(t);
    const other = await buildUser(t);
    const token = await issueDeviceToken(t.ctx, user.id);
    expect(token).toMatch(/^v1\.[0-9a-f-]{36}\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(await trustedDeviceId(t.ctx, token, user.id)).toMatch(/^[0-9a-f]{64}$/);
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
});
