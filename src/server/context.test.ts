import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../tests/support/databases.js';
import { buildPartner, signedInUser } from '../../tests/support/factories.js';
import { type TestApp, useTestApp } from '../../tests/support/test-app.js';
import { baseUrl } from './context.js';

describe('baseUrl', () => {
  it('is PUBLIC_URL when set, whatever the server listens on', () => {
    expect(baseUrl({ publicUrl: 'https://support.example.test', host: '127.0.0.1', port: 3000 })).toBe(
      'https://support.example.test',
    );
  });

  it.each([
    ['0.0.0.0', 'http://localhost:3000'],
    ['::', 'http://localhost:3000'],
    ['', 'http://localhost:3000'],
    ['127.0.0.1', 'http://127.0.0.1:3000'],
    ['::1', 'http://[::1]:3000'],
    ['[::1]', 'http://[::1]:3000'],
  ])('without PUBLIC_URL, for HOST=%s is the address the server prints: %s', (host, expected) => {
    expect(baseUrl({ publicUrl: null, host, port: 3000 })).toBe(expected);
  });
});

describeEachDatabase('links in mail', (kind) => {
  const behindProxy = useTestApp(kind, {
    config: { publicUrl: 'https://support.example.test', host: '127.0.0.1', port: 4123 },
  });
  const direct = useTestApp(kind, { config: { publicUrl: null, host: '127.0.0.1', port: 4123 } });

  async function inviteLink(t: TestApp, email: string): Promise<string | undefined> {
    const partner = await buildPartner(t);
    const owner = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const invited = await owner.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/invites`,
      payload: { email, role: 'partner_member' },
    });
    expect(invited.statusCode).toBe(201);
    const admin = await signedInUser(t, { role: 'admin' });
    const outbox = await admin.request({ method: 'GET', url: `/api/v1/outbox?partnerId=${partner.id}` });
    const mail = (outbox.json() as { recipient: string; body: string }[]).find((m) => m.recipient === email);
    return mail?.body.match(/\bhttps?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}\b/)?.[0];
  }

  it('point at PUBLIC_URL, as the outbox shows them', async () => {
    expect(await inviteLink(behindProxy, 'proxied@example.test')).toMatch(
      /^https:\/\/support\.example\.test\/invite\//,
    );
  });

  it('without PUBLIC_URL, point at the address the server printed', async () => {
    expect(await inviteLink(direct, 'direct@example.test')).toMatch(/^http:\/\/127\.0\.0\.1:4123\/invite\//);
  });
});
