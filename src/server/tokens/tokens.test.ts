import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { apiTokens } from '../db/schema/index.js';

describeEachDatabase('API tokens', (kind) => {
  const t = useTestApp(kind);

  it('shows a partner token once, stores only its hash, and revokes it', async () => {
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

    const listed = await admin.request({ method: 'GET', url: `/api/v1/partners/${partner.id}/tokens` });
    expect(listed.json()).toHaveLength(1);
    expect(listed.body).not.toContain(secret);
    const stored = await t.ctx.db.select().from(apiTokens);
    expect(stored.some((row) => row.tokenHash === secret)).toBe(false);

    const asToken = () =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/partners/${partner.id}`,
        headers: { authorization: `Bearer ${secret}` },
      });
    expect((await asToken()).statusCode).toBe(200);
    expect(
      (await admin.request({ method: 'DELETE', url: `/api/v1/partners/${partner.id}/tokens/${id}` }))
        .statusCode,
    ).toBe(204);
    expect((await asToken()).statusCode).toBe(401);
  });

  it('scopes tokens: a partner token cannot read integrations, an ingest token can', async () => {
    const partner = await buildPartner(t, { name: 'Scoped Foods' });
    const partnerAdmin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const partnerSecret = (
      await partnerAdmin.request({
        method: 'POST',
        url: `/api/v1/partners/${partner.id}/tokens`,
        payload: { name: 'p' },
      })
    ).json().secret;
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
    const account = await t.app.inject({
      method: 'GET',
      url: `/api/v1/partners/${partner.id}`,
      headers: { authorization: `Bearer ${ingest.json().secret}` },
    });
    expect(account.statusCode).toBe(404);
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
