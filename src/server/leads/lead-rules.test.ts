import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { tokenActor } from '../../../tests/support/actors.js';
import { auditRows, errorOf } from '../../../tests/support/answers.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { leads } from '../db/schema/index.js';
import { createLogger } from '../lib/logger.js';
import { listOutbox } from '../notifications/service.js';
import { convertLead, LEADS_PER_IP_PER_HOUR, registerInterest } from './service.js';

const form = (overrides: object = {}) => ({
  company: 'Ramen Relay',
  contactName: 'Rina',
  email: 'rina@ramen.example.test',
  countries: ['jp'],
  merchantCount: 40,
  integrates: 'Kitchen displays',
  ...overrides,
});

/** What a lead is stored as, the answers the form and its conversion give, and who converted it. */
describeEachDatabase('lead rules', (kind) => {
  const lines: string[] = [];
  const t = useTestApp(kind, {
    logger: createLogger({ logLevel: 'info' }, { write: (line) => lines.push(line) }),
  });
  const submit = (payload: object, ip: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/leads', payload, remoteAddress: ip });
  const leadBy = async (email: string) =>
    (await t.ctx.db.select().from(leads).where(eq(leads.email, email)))[0];
  const newLead = async (email: string, company: string) => {
    expect((await submit(form({ email, company }), '198.51.100.30')).json()).toEqual({ accepted: true });
    const lead = await leadBy(email);
    if (!lead) throw new Error('lead not stored');
    return lead;
  };

  it('stores a lead trimmed, its address in lower case and each country once in upper case', async () => {
    const answer = await registerInterest(
      t.ctx,
      {
        company: '  Udon Uplink  ',
        contactName: '  Umi  ',
        email: '  Umi@Udon.Example.TEST  ',
        countries: ['de', 'DE', 'fr', 'De'],
        merchantCount: 7,
        integrates: '  POS only  ',
      },
      '198.51.100.21',
    );
    expect(answer).toEqual({ accepted: true });
    expect(await leadBy('umi@udon.example.test')).toMatchObject({
      company: 'Udon Uplink',
      contactName: 'Umi',
      countries: ['DE', 'FR'],
      merchantCount: 7,
      integrates: 'POS only',
      ip: '198.51.100.21',
      status: 'new',
      createdAt: t.clock.now(),
    });
  });

  it('answers a bot that filled the honeypot like anyone else, logs its address and stores nothing', async () => {
    const response = await submit(form({ email: 'honey@example.test', website: 'x' }), '203.0.113.77');
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: true });
    expect(await leadBy('honey@example.test')).toBeUndefined();
    const logged = lines.map((line) => JSON.parse(line)).filter((entry) => entry.ip === '203.0.113.77');
    expect(logged.map(({ msg }) => msg)).toEqual(['interest form honeypot filled; dropped']);
  });

  it('refuses the sixth submission from one address within the hour in words', async () => {
    const ip = '203.0.113.78';
    for (let i = 0; i < LEADS_PER_IP_PER_HOUR; i++)
      expect((await submit(form({ email: `rate${i}@example.test` }), ip)).statusCode).toBe(202);
    expect(await errorOf(submit(form({ email: 'rate-last@example.test' }), ip))).toEqual({
      status: 429,
      code: 'rate_limited',
      message: 'too many submissions from this address; try again later',
    });
    expect(await leadBy('rate-last@example.test')).toBeUndefined();
  });

  it('converts a lead once, recording who did it, and invites its contact in the converter’s language', async () => {
    const consultant = await signedInUser(t, { role: 'consultant', locale: 'de' });
    const lead = await newLead('kim@kimchi.example.test', 'Kimchi Cloud');
    const convert = (leadId: string) =>
      consultant.request({
        method: 'POST',
        url: `/api/v1/leads/${leadId}/convert`,
        payload: { status: 'interested' },
      });

    expect(await errorOf(convert(randomUUID()))).toEqual({
      status: 404,
      code: 'not_found',
      message: 'lead not found',
    });
    const converted = await convert(lead.id);
    expect(converted.statusCode).toBe(201);
    const { partnerId } = converted.json();
    expect(await leadBy(lead.email)).toMatchObject({
      status: 'converted',
      partnerId,
      convertedAt: t.clock.now(),
      convertedByUserId: consultant.user.id,
    });
    expect(await errorOf(convert(lead.id))).toEqual({
      status: 409,
      code: 'conflict',
      message: 'this lead was already converted',
    });
    const [invite] = (await listOutbox(t.ctx, { partnerId })).filter((m) => m.recipient === lead.email);
    expect(invite).toMatchObject({ template: 'invite', locale: 'de' });
    expect(await auditRows(t, partnerId, 'partner.created')).toEqual([
      {
        actorLabel: consultant.user.email,
        actorUserId: consultant.user.id,
        actorTokenId: null,
        subjectType: 'partner',
        subjectId: partnerId,
        before: null,
        after: { name: 'Kimchi Cloud', status: 'interested', fromLead: lead.id },
      },
    ]);
  });

  it('records no converting user for a token, and invites in English', async () => {
    const lead = await newLead('tom@tofu.example.test', 'Tofu Transit');
    const { partner, invite, delivery } = await convertLead(
      t.ctx,
      tokenActor('crm', null),
      lead.id,
      'integrating',
    );
    expect(partner).toMatchObject({ name: 'Tofu Transit', status: 'integrating' });
    expect(invite).toMatchObject({ partnerId: partner.id, email: lead.email, role: 'partner_admin' });
    expect(delivery).toBe('outbox');
    expect(await leadBy(lead.email)).toMatchObject({
      status: 'converted',
      partnerId: partner.id,
      convertedByUserId: null,
    });
    const [mail] = (await listOutbox(t.ctx, { partnerId: partner.id })).filter(
      (m) => m.recipient === lead.email,
    );
    expect(mail).toMatchObject({ template: 'invite', locale: 'en', params: { inviter: 'token:crm' } });
  });
});
