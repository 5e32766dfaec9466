import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './support/databases.js';
import { type Agent, buildPartner, signedInUser } from './support/factories.js';
import { useTestApp } from './support/test-app.js';

/*
 * The reasons the partner portal's forms meet most, through the real routes and services: these are
 * what the SPA translates next to the field, so a changed pattern or message must not drop them.
 */
describeEachDatabase('error reasons of the partner portal forms', (kind) => {
  const t = useTestApp(kind);
  let admin: Agent;
  let partnerId: string;
  beforeAll(async () => {
    const partner = await buildPartner(t, { status: 'launched' });
    partnerId = partner.id;
    admin = await signedInUser(t, { role: 'partner_admin', partnerId });
  });

  const refusal = async (method: 'POST' | 'PUT', url: string, payload: object) => {
    const response = await admin.request({ method, url: `/api/v1/partners/${partnerId}${url}`, payload });
    expect(response.statusCode).toBe(400);
    const { field, reason, params } = response.json().error;
    return { field, reason, params };
  };

  const contact = { role: 'technical_emergency', name: 'Ops pager', email: 'ops@example.test' };

  it('names a webhook URL that is not http(s), and a phone number with letters', async () => {
    expect(
      await refusal('POST', '/contacts', { ...contact, webhookUrl: 'ftp://hooks.example.test' }),
    ).toEqual({ field: 'webhookUrl', reason: 'invalid_url' });
    expect(await refusal('POST', '/contacts', { ...contact, phone: 'call me' })).toEqual({
      field: 'phone',
      reason: 'invalid_phone',
    });
    expect(await refusal('POST', '/contacts', { ...contact, name: 'x'.repeat(201) })).toEqual({
      field: 'name',
      reason: 'too_long',
      params: { limit: 200 },
    });
  });

  it('names a support time zone that is not an IANA zone', async () => {
    expect(
      await refusal('PUT', '/support-hours', {
        supportHours: 'Mon–Fri 9–17',
        supportTimezone: 'Mars/Olympus',
      }),
    ).toEqual({ field: 'supportTimezone', reason: 'unknown_time_zone' });
  });

  it('names a pause that would end in the past', async () => {
    const past = new Date(t.clock.now().getTime() - 60_000).toISOString();
    expect(
      await refusal('POST', '/integration/pause', { reason: 'Kitchen upgrade', expectedEnd: past }),
    ).toEqual({ field: 'expectedEnd', reason: 'not_in_future' });
    expect(await refusal('POST', '/integration/pause', { reason: '   ' })).toEqual({
      field: 'reason',
      reason: 'blank',
    });
  });

  it('names a country code of the interest form that is not two letters', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/leads',
      payload: {
        company: 'Dumpling Dash',
        contactName: 'Dana',
        email: 'dana@example.test',
        countries: ['DEU'],
        merchantCount: 3,
        integrates: 'POS',
      },
    });
    expect(response.json().error).toMatchObject({ field: 'countries.0', reason: 'invalid_country_code' });
  });
});
