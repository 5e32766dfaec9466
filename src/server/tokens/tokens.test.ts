import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { listAudit } from '../audit/service.js';
import { apiTokens, auditEvents } from '../db/schema/index.js';
import { MINUTE } from '../lib/clock.js';

const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

describeEachDatabase('API tokens', (kind) => {
  const t = useTestApp(kind);

  async function partnerToken(admin: Agent, partnerId: string, name = 'pos sync') {
    const response = await admin.request({
      method: 'POST',
      url: `/api/v1/partners/${partnerId}/tokens`,
      payload: { name },
    });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; secret: string };
  }
  const storedToken = async (id: string) =>
    (await t.ctx.db.select().from(apiTokens).where(eq(apiTokens.id, id)))[0];
  const asToken = (secret: string, partnerId: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/partners/${partnerId}`,
      headers: { authorization: `Bearer ${secret}` },
    });

  it('shows a partner token once, stores only the SHA-256 of its secret, and revokes it', async () => {
    const partner = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const created = await admin.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/tokens`,
      payload: { name: 'pos sync' },
    });
    expect(created.statusCode).toBe(201);
    const { secret, id } = created.json();
    expect(secret).toMatch(/^sbp_[A-Za-z0-9_-]{43}$/);
    const view = {
      id,
      name: 'pos sync',
      scope: 'partner_api',
      partnerId: partner.id,
      tokenPrefix: secret.slice(0, 10),
      createdAt: t.clock.now().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    };
    expect(created.json()).toEqual({ ...view, secret });

    const listed = await admin.request({ method: 'GET', url: `/api/v1/partners/${partner.id}/tokens` });
    expect(listed.json()).toEqual([view]);
    expect(listed.body).not.toContain(secret);
    expect(await storedToken(id)).toMatchObject({
      tokenHash: sha256Hex(secret),
      tokenPrefix: secret.slice(0, 10),
      createdByUserId: admin.user.id,
    });
    const everyColumn = JSON.stringify(await t.ctx.db.select().from(apiTokens));
    expect(everyColumn).not.toContain(secret);

    expect((await asToken(secret, partner.id)).statusCode).toBe(200);
    expect(
      (await admin.request({ method: 'DELETE', url: `/api/v1/partners/${partner.id}/tokens/${id}` }))
        .statusCode,
    ).toBe(204);
    expect((await asToken(secret, partner.id)).statusCode).toBe(401);
    expect((await storedToken(id))?.revokedAt).toEqual(t.clock.now());
  });

  it('accepts only the whole secret: its real prefix with any other suffix is refused', async () => {
    const partner = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const { secret } = await partnerToken(admin, partner.id);
    const prefix = secret.slice(0, 10);
    const flipped = secret.endsWith('A') ? 'B' : 'A';

    for (const forged of [
      `${prefix}${'x'.repeat(secret.length - 10)}`,
      `${secret.slice(0, -1)}${flipped}`,
      secret.slice(0, -1),
      `${secret}x`,
      prefix,
    ]) {
      const response = await asToken(forged, partner.id);
      expect(response.statusCode, forged).toBe(401);
    }
    expect((await asToken(secret, partner.id)).statusCode).toBe(200);
  });

  it('audits creating and revoking a token: who, which token, before and after', async () => {
    const partner = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const createdAt = t.clock.now();
    const { id } = await partnerToken(admin, partner.id, 'nightly export');
    t.clock.advance(MINUTE);
    const revokedAt = t.clock.now();
    await admin.request({ method: 'DELETE', url: `/api/v1/partners/${partner.id}/tokens/${id}` });

    const rows = (await listAudit(t.ctx, { partnerId: partner.id })).map(
      ({
        at,
        actorUserId,
        actorTokenId,
        actorLabel,
        partnerId,
        action,
        subjectType,
        subjectId,
        before,
        after,
      }) => ({
        at,
        actorUserId,
        actorTokenId,
        actorLabel,
        partnerId,
        action,
        subjectType,
        subjectId,
        before,
        after,
      }),
    );
    const common = {
      actorUserId: admin.user.id,
      actorTokenId: null,
      actorLabel: admin.user.email,
      partnerId: partner.id,
      subjectType: 'api_token',
      subjectId: id,
    };
    expect(rows).toEqual([
      {
        ...common,
        at: revokedAt,
        action: 'token.revoked',
        before: { name: 'nightly export', revokedAt: null },
        after: { name: 'nightly export', revokedAt: revokedAt.toISOString() },
      },
      {
        ...common,
        at: createdAt,
        action: 'token.created',
        before: null,
        after: { name: 'nightly export', scope: 'partner_api' },
      },
    ]);
  });

  it('audits ingest tokens too, as platform events without a partner', async () => {
    const platformAdmin = await signedInUser(t, { role: 'admin' });
    const created = await platformAdmin.request({
      method: 'POST',
      url: '/api/v1/ingest-tokens',
      payload: { name: 'ordering platform' },
    });
    expect(created.statusCode).toBe(201);
    const { id, secret } = created.json();
    expect(secret).toMatch(/^sbi_[A-Za-z0-9_-]{43}$/);
    expect(
      (await platformAdmin.request({ method: 'DELETE', url: `/api/v1/ingest-tokens/${id}` })).statusCode,
    ).toBe(204);

    const rows = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.subjectId, id));
    expect(
      rows
        .map((row) => ({ action: row.action, partnerId: row.partnerId, actorLabel: row.actorLabel }))
        .sort((a, b) => a.action.localeCompare(b.action)),
    ).toEqual([
      { action: 'token.created', partnerId: null, actorLabel: platformAdmin.user.email },
      { action: 'token.revoked', partnerId: null, actorLabel: platformAdmin.user.email },
    ]);
    expect(rows.find((row) => row.action === 'token.created')?.after).toEqual({
      name: 'ordering platform',
      scope: 'ingest',
    });
  });

  it('records when a token was last used, writing at most once a minute', async () => {
    const partner = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const { id, secret } = await partnerToken(admin, partner.id);
    const lastUsed = async () => (await storedToken(id))?.lastUsedAt?.toISOString() ?? null;
    expect(await lastUsed()).toBeNull();

    const firstUse = t.clock.now().toISOString();
    await asToken(secret, partner.id);
    expect(await lastUsed()).toBe(firstUse);
    t.clock.advance(MINUTE);
    await asToken(secret, partner.id);
    expect(await lastUsed()).toBe(firstUse);
    t.clock.advance(1);
    await asToken(secret, partner.id);
    expect(await lastUsed()).toBe(t.clock.now().toISOString());
  });

  it('revokes only a live token of the route’s own kind', async () => {
    const partner = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const platformAdmin = await signedInUser(t, { role: 'admin' });
    const { id, secret } = await partnerToken(admin, partner.id);
    const ingest = (
      await platformAdmin.request({ method: 'POST', url: '/api/v1/ingest-tokens', payload: { name: 'i' } })
    ).json();

    // A partner token is not an ingest token, and an ingest token belongs to no partner.
    expect(
      (await platformAdmin.request({ method: 'DELETE', url: `/api/v1/ingest-tokens/${id}` })).statusCode,
    ).toBe(404);
    expect(
      (
        await platformAdmin.request({
          method: 'DELETE',
          url: `/api/v1/partners/${partner.id}/tokens/${ingest.id}`,
        })
      ).statusCode,
    ).toBe(404);
    expect((await asToken(secret, partner.id)).statusCode).toBe(200);
    const ingestList = (await platformAdmin.request({ method: 'GET', url: '/api/v1/ingest-tokens' })).json();
    expect(ingestList.map((token: { id: string }) => token.id)).toContain(ingest.id);
    expect(ingestList.map((token: { id: string }) => token.id)).not.toContain(id);

    const revoke = () =>
      admin.request({ method: 'DELETE', url: `/api/v1/partners/${partner.id}/tokens/${id}` });
    expect((await revoke()).statusCode).toBe(204);
    const twice = await revoke();
    expect(twice.statusCode).toBe(404);
    expect(twice.json()).toEqual({ error: { code: 'not_found', message: 'token not found' } });
    const audited = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.subjectId, id));
    expect(audited.filter((row) => row.action === 'token.revoked')).toHaveLength(1);
  });

  it('lists a partner’s tokens newest first, and none of another partner’s', async () => {
    const partner = await buildPartner(t);
    const other = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const otherAdmin = await signedInUser(t, { role: 'partner_admin', partnerId: other.id });
    const older = await partnerToken(admin, partner.id, 'older');
    t.clock.advance(MINUTE);
    const newer = await partnerToken(admin, partner.id, 'newer');
    await partnerToken(otherAdmin, other.id, 'theirs');

    const listed = (
      await admin.request({ method: 'GET', url: `/api/v1/partners/${partner.id}/tokens` })
    ).json();
    expect(listed.map((token: { id: string }) => token.id)).toEqual([newer.id, older.id]);
  });

  it('scopes tokens: a partner token cannot read integrations, an ingest token can', async () => {
    const partner = await buildPartner(t, { name: 'Scoped Foods' });
    const partnerAdmin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const partnerSecret = (await partnerToken(partnerAdmin, partner.id, 'p')).secret;
    const platformAdmin = await signedInUser(t, { role: 'admin' });
    const ingest = await platformAdmin.request({
      method: 'POST',
      url: '/api/v1/ingest-tokens',
      payload: { name: 'ordering platform' },
    });
    expect(ingest.json().secret).toMatch(/^sbi_/);

    const integrations = (secret: string) =>
      t.app.inject({
        method: 'GET',
        url: '/api/v1/integrations',
        headers: { authorization: `Bearer ${secret}` },
      });
    expect((await integrations(partnerSecret)).statusCode).toBe(403);
    const allowed = await integrations(ingest.json().secret);
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json()).toContainEqual(
      expect.objectContaining({ partnerId: partner.id, integrationState: 'active' }),
    );
    // An ingest token sees no partner's account.
    expect((await asToken(ingest.json().secret, partner.id)).statusCode).toBe(404);
  });

  it('rejects an unknown bearer token with 401', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/integrations',
      headers: { authorization: 'Bearer sbi_nope' },
    });
    expect(response.statusCode).toBe(401);
  });
});
