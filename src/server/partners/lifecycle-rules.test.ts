import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { errorOf } from '../../../tests/support/answers.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, buildUser, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { listAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import { toSessionUser } from '../auth/sessions.js';
import { contacts, leads } from '../db/schema/index.js';
import { listOutbox } from '../notifications/service.js';
import { changePartnerStatus, updateSupportHours } from './lifecycle.js';
import { integrationRecipients } from './recipients.js';
import { createPartner, getPartnerAccount } from './service.js';

describeEachDatabase('partner lifecycle rules', (kind) => {
  const t = useTestApp(kind);

  const audits = async (partnerId: string, action: string) =>
    (await listAudit(t.ctx, { partnerId }))
      .filter((e) => e.action === action)
      .map(({ actorLabel, subjectType, subjectId, before, after }) => ({
        actorLabel,
        subjectType,
        subjectId,
        before,
        after,
      }));
  async function adminActor(): Promise<Actor> {
    const user = await buildUser(t, { role: 'admin' });
    return { kind: 'user', user: toSessionUser(user), sessionIdHash: 'x', csrfToken: 'x' };
  }

  it('moves the status one way only, answering a refusal in words, and audits each move exactly', async () => {
    const partner = await buildPartner(t, { status: 'interested' });
    const admin = await signedInUser(t, { role: 'admin' });
    const consultant = await signedInUser(t, { role: 'consultant' });
    const move = (agent: Agent, status: string) =>
      agent.request({ method: 'PATCH', url: `/api/v1/partners/${partner.id}/status`, payload: { status } });

    expect(await errorOf(move(consultant, 'integrating'))).toEqual({
      status: 403,
      code: 'forbidden',
      message: 'only an admin or the assigned consultant can change the programme status',
    });
    expect((await move(admin, 'integrating')).json()).toMatchObject({ status: 'integrating' });
    expect(await errorOf(move(admin, 'integrating'))).toEqual({
      status: 409,
      code: 'conflict',
      message: 'cannot move from integrating to integrating',
    });
    expect(await errorOf(move(admin, 'interested'))).toEqual({
      status: 409,
      code: 'conflict',
      message: 'cannot move from integrating to interested',
    });
    expect(await audits(partner.id, 'partner.status_changed')).toEqual([
      {
        actorLabel: admin.user.email,
        subjectType: 'partner',
        subjectId: partner.id,
        before: { status: 'interested' },
        after: { status: 'integrating' },
      },
    ]);
  });

  it('lets no token move a status, and answers an unknown partner with 404 in the service', async () => {
    const partner = await buildPartner(t, { status: 'interested' });
    const token: Actor = {
      kind: 'token',
      token: { id: randomUUID(), name: 'ci', scope: 'partner_api', partnerId: partner.id },
    };
    await expect(changePartnerStatus(t.ctx, token, partner.id, 'integrating')).rejects.toMatchObject({
      code: 'forbidden',
      message: 'only an admin or the assigned consultant can change the programme status',
    });
    const unknown = { code: 'not_found', message: 'partner not found' };
    await expect(
      changePartnerStatus(t.ctx, await adminActor(), randomUUID(), 'launched'),
    ).rejects.toMatchObject(unknown);
    await expect(getPartnerAccount(t.ctx, randomUUID())).rejects.toMatchObject(unknown);
    expect(await listAudit(t.ctx, { partnerId: partner.id })).toEqual([]);
  });

  it('assigns and unassigns a consultant, refuses anyone else in words, and audits both', async () => {
    const partner = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'admin' });
    const consultant = await buildUser(t, { role: 'consultant' });
    const agent = await buildUser(t, { role: 'support_agent' });
    const assign = (consultantUserId: string | null) =>
      admin.request({
        method: 'PUT',
        url: `/api/v1/partners/${partner.id}/consultant`,
        payload: { consultantUserId },
      });
    const refusal = {
      status: 400,
      code: 'validation',
      message: 'consultantUserId: is not a consultant',
      field: 'consultantUserId',
      reason: 'invalid',
    };
    expect(await errorOf(assign(agent.id))).toEqual(refusal);
    expect(await errorOf(assign(randomUUID()))).toEqual(refusal);
    expect((await assign(consultant.id)).json()).toMatchObject({ consultantUserId: consultant.id });
    expect((await assign(null)).json()).toMatchObject({ consultantUserId: null });
    const row = (before: string | null, after: string | null) => ({
      actorLabel: admin.user.email,
      subjectType: 'partner',
      subjectId: partner.id,
      before: { consultantUserId: before },
      after: { consultantUserId: after },
    });
    expect(await audits(partner.id, 'partner.consultant_assigned')).toEqual([
      row(consultant.id, null),
      row(null, consultant.id),
    ]);
  });

  it('keeps support hours trimmed with a known time zone, empty as none, and audits the change', async () => {
    const partner = await buildPartner(t);
    const partnerAdmin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const put = (payload: object) =>
      partnerAdmin.request({ method: 'PUT', url: `/api/v1/partners/${partner.id}/support-hours`, payload });

    expect(await errorOf(put({ supportHours: 'Mon–Fri 9–17', supportTimezone: 'Mars/Olympus' }))).toEqual({
      status: 400,
      code: 'validation',
      message: 'supportTimezone: is not an IANA time zone such as Europe/Berlin',
      field: 'supportTimezone',
      reason: 'unknown_time_zone',
    });
    const set = await put({ supportHours: '  Mon–Fri 9–17\nSat 10–14  ', supportTimezone: 'Europe/Berlin' });
    expect(set.json()).toMatchObject({
      supportHours: 'Mon–Fri 9–17\nSat 10–14',
      supportTimezone: 'Europe/Berlin',
    });
    expect((await put({ supportHours: null, supportTimezone: null })).json()).toMatchObject({
      supportHours: null,
      supportTimezone: null,
    });
    expect((await put({ supportHours: 'Always', supportTimezone: '' })).json()).toMatchObject({
      supportHours: 'Always',
      supportTimezone: null,
    });
    // The service trims too, for callers other than the API (whose schema trims already).
    const direct = await updateSupportHours(t.ctx, await adminActor(), partner.id, {
      supportHours: ' \n ',
      supportTimezone: null,
    });
    expect(direct).toMatchObject({ supportHours: null });
    expect(
      await updateSupportHours(t.ctx, await adminActor(), partner.id, {
        supportHours: '  Always\n',
        supportTimezone: null,
      }),
    ).toMatchObject({ supportHours: 'Always' });
    const row = (before: object, after: object) => ({
      actorLabel: partnerAdmin.user.email,
      subjectType: 'partner',
      subjectId: partner.id,
      before,
      after,
    });
    expect((await audits(partner.id, 'partner.support_hours_changed')).slice(2)).toEqual([
      row({ supportHours: null, supportTimezone: null }, { supportHours: 'Always', supportTimezone: null }),
      row(
        { supportHours: 'Mon–Fri 9–17\nSat 10–14', supportTimezone: 'Europe/Berlin' },
        { supportHours: null, supportTimezone: null },
      ),
      row(
        { supportHours: null, supportTimezone: null },
        { supportHours: 'Mon–Fri 9–17\nSat 10–14', supportTimezone: 'Europe/Berlin' },
      ),
    ]);
  });

  it('creates a partner with a trimmed name, lists what the list shows, and audits where it came from', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    const created = await createPartner(t.ctx, await adminActor(), { name: '  Wok Wire  ' });
    expect(created).toMatchObject({ name: 'Wok Wire', status: 'interested' });
    const listed = (await admin.request({ method: 'GET', url: '/api/v1/partners' }))
      .json()
      .find((p: { id: string }) => p.id === created.id);
    expect(listed).toEqual({
      id: created.id,
      name: 'Wok Wire',
      status: 'interested',
      integrationState: 'active',
      consultantUserId: null,
      createdAt: created.createdAt.toISOString(),
    });

    const viaApi = await admin.request({
      method: 'POST',
      url: '/api/v1/partners',
      payload: { name: 'Pho Phone', status: 'integrating' },
    });
    expect(viaApi.statusCode).toBe(201);
    expect(await audits(viaApi.json().id, 'partner.created')).toEqual([
      {
        actorLabel: admin.user.email,
        subjectType: 'partner',
        subjectId: viaApi.json().id,
        before: null,
        after: { name: 'Pho Phone', status: 'integrating' },
      },
    ]);

    const [lead] = await t.ctx.db
      .insert(leads)
      .values({
        company: 'Bao Bridge',
        contactName: 'Bo',
        email: 'bo@bao.example.test',
        countries: ['DE'],
        merchantCount: 3,
        integrates: 'POS',
        ip: '198.51.100.78',
        createdAt: t.clock.now(),
      })
      .returning();
    if (!lead) throw new Error('lead not created');
    const converted = await admin.request({
      method: 'POST',
      url: `/api/v1/leads/${lead.id}/convert`,
      payload: { status: 'interested' },
    });
    expect(converted.statusCode).toBe(201);
    expect(await audits(converted.json().partnerId, 'partner.created')).toEqual([
      expect.objectContaining({ after: { name: 'Bao Bridge', status: 'interested', fromLead: lead.id } }),
    ]);
  });

  it('tells an address once, as the partner admin wrote it, and two addresses that only look alike twice', async () => {
    const partner = await buildPartner(t, { name: 'Ramen Relay' });
    const admin = await buildUser(t, {
      role: 'partner_admin',
      partnerId: partner.id,
      email: `ada-${partner.id.slice(0, 8)}@example.test`,
      locale: 'en',
    });
    const now = t.clock.now();
    const contact = (email: string, name: string) => ({
      partnerId: partner.id,
      role: 'technical_emergency' as const,
      name,
      email,
      locale: 'de' as const,
      createdAt: now,
      updatedAt: now,
    });
    await t.ctx.db
      .insert(contacts)
      .values([
        contact(admin.email.toUpperCase(), 'Ada again'),
        contact('straße@example.test', 'Street'),
        contact('STRASSE@example.test', 'Other street'),
      ]);
    const byEmail = (a: { email: string }, b: { email: string }) => a.email.localeCompare(b.email);
    expect((await integrationRecipients(t.ctx.db, partner.id)).sort(byEmail)).toEqual(
      [
        { email: admin.email, name: 'Test User', locale: 'en' },
        { email: 'straße@example.test', name: 'Street', locale: 'de' },
        { email: 'STRASSE@example.test', name: 'Other street', locale: 'de' },
      ].sort(byEmail),
    );
    expect(await listOutbox(t.ctx, { partnerId: partner.id })).toEqual([]);
  });
});
