import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { HOUR, MINUTE } from '../lib/clock.js';
import { listOutbox } from '../notifications/service.js';
import { LEADS_PER_IP_PER_HOUR } from './service.js';

const form = (overrides: object = {}) => ({
  company: 'Noodle Net',
  contactName: 'Nora',
  email: 'nora@noodle.example.test',
  countries: ['de', 'FR'],
  merchantCount: 120,
  integrates: 'POS and ordering',
  ...overrides,
});

describeEachDatabase('interest intake', (kind) => {
  const t = useTestApp(kind);
  const submit = (payload: object, ip: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/leads', payload, remoteAddress: ip });

  it('records a lead that staff convert into a partner with an invited admin', async () => {
    expect((await submit(form(), '198.51.100.1')).statusCode).toBe(202);
    const consultant = await signedInUser(t, { role: 'consultant' });
    const lead = (await consultant.request({ method: 'GET', url: '/api/v1/leads' }))
      .json()
      .find((l: { email: string }) => l.email === 'nora@noodle.example.test');
    expect(lead).toMatchObject({ company: 'Noodle Net', countries: ['DE', 'FR'], status: 'new' });

    const converted = await consultant.request({
      method: 'POST',
      url: `/api/v1/leads/${lead.id}/convert`,
      payload: { status: 'integrating' },
    });
    expect(converted.statusCode).toBe(201);
    const admin = await signedInUser(t, { role: 'admin' });
    const partner = (
      await admin.request({ method: 'GET', url: `/api/v1/partners/${converted.json().partnerId}` })
    ).json();
    expect(partner).toMatchObject({ name: 'Noodle Net', status: 'integrating' });
    const invite = (await listOutbox(t.ctx, { partnerId: partner.id })).find((m) => m.template === 'invite');
    expect(invite?.recipient).toBe('nora@noodle.example.test');
    expect(
      (
        await consultant.request({
          method: 'POST',
          url: `/api/v1/leads/${lead.id}/convert`,
          payload: { status: 'integrating' },
        })
      ).statusCode,
    ).toBe(409);
  });

  it('drops honeypot submissions silently and rate-limits one address', async () => {
    const ip = '203.0.113.50';
    expect(
      (await submit(form({ website: 'http://spam.example', email: 'bot@example.test' }), ip)).statusCode,
    ).toBe(202);
    const admin = await signedInUser(t, { role: 'admin' });
    const leads = (await admin.request({ method: 'GET', url: '/api/v1/leads' })).json();
    expect(leads.some((l: { email: string }) => l.email === 'bot@example.test')).toBe(false);
    for (let i = 0; i < LEADS_PER_IP_PER_HOUR; i++)
      expect((await submit(form({ email: `p${i}@example.test` }), ip)).statusCode).toBe(202);
    expect((await submit(form(), ip)).statusCode).toBe(429);
  });

  it('accepts exactly five of thirty concurrent submissions from one address, and more after the hour', async () => {
    const ip = '203.0.113.51';
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => submit(form({ email: `burst${i}@example.test` }), ip)),
    );
    expect(responses.filter((r) => r.statusCode === 202)).toHaveLength(LEADS_PER_IP_PER_HOUR);
    const refused = responses.filter((r) => r.statusCode === 429);
    expect(refused).toHaveLength(30 - LEADS_PER_IP_PER_HOUR);
    for (const response of refused) expect(response.headers['retry-after']).toBe('3600');
    const admin = await signedInUser(t, { role: 'admin' });
    const stored = (await admin.request({ method: 'GET', url: '/api/v1/leads' }))
      .json()
      .filter((l: { email: string }) => l.email.startsWith('burst'));
    expect(stored).toHaveLength(LEADS_PER_IP_PER_HOUR);

    t.clock.advance(HOUR - MINUTE);
    const early = await submit(form({ email: 'early@example.test' }), ip);
    expect(early.statusCode).toBe(429);
    expect(early.headers['retry-after']).toBe('60');
    t.clock.advance(MINUTE);
    expect((await submit(form({ email: 'later@example.test' }), ip)).statusCode).toBe(202);
  });

  it('names the bad field and keeps leads from partner users', async () => {
    const bad = await submit(form({ merchantCount: -1 }), '198.51.100.9');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('merchantCount');
    const partner = await buildPartner(t);
    const member = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    expect((await member.request({ method: 'GET', url: '/api/v1/leads' })).statusCode).toBe(403);
  });
});
