import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';

const base = '/api/v1/sla-policies';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface Policy {
  id: string;
  name: string;
  partnerId: string | null;
  calendarId: string | null;
}

/** SLA policies through the API: editing, checking, the default that must remain, and what cases see. */
describeEachDatabase('SLA policies', (kind) => {
  const t = useTestApp(kind);
  let admin: Agent;
  let agent: Agent;
  let partnerId: string;
  let calendarId: string;

  beforeAll(async () => {
    t.clock.set('2026-06-15T08:00:00Z'); // Monday 10:00 in Berlin
    admin = await signedInUser(t, { role: 'admin' });
    agent = await signedInUser(t, { role: 'support_agent' });
    partnerId = (await buildPartner(t, { name: 'Pizza Portal' })).id;
    calendarId = (await agent.request({ method: 'GET', url: '/api/v1/business-calendars' })).json()[0].id;
  });

  const list = async (): Promise<Policy[]> => (await agent.request({ method: 'GET', url: base })).json();
  const create = (payload: object) => admin.request({ method: 'POST', url: base, payload });
  const remove = (id: string) => admin.request({ method: 'DELETE', url: `${base}/${id}` });
  const defaultPolicy = async () =>
    (await list()).find((p) => p.name === 'Business hours (default)') as Policy;
  const body = {
    name: 'Pizza Portal contract',
    calendarId: null,
    firstResponseMinutes: 30,
    resolutionMinutes: 240,
  };

  it('lists the seeded policies most specific first', async () => {
    expect(await list()).toEqual([
      expect.objectContaining({
        name: 'Confirmed urgent (24/7)',
        partnerId: null,
        category: null,
        priority: 'urgent',
        calendarId: null,
        firstResponseMinutes: 30,
        resolutionMinutes: 240,
        warnBeforeMinutes: 10,
      }),
      expect.objectContaining({
        name: 'Business hours (default)',
        priority: null,
        calendarId,
        firstResponseMinutes: 60,
        resolutionMinutes: 1440,
        warnBeforeMinutes: 15,
      }),
    ]);
  });

  it('creates, reads, replaces and deletes a policy, auditing each write under its partner', async () => {
    const created = await create({
      ...body,
      partnerId,
      category: 'integration_question',
      warnBeforeMinutes: 5,
    });
    expect(created.statusCode).toBe(201);
    const policy = created.json();
    expect(policy).toMatchObject({
      name: 'Pizza Portal contract',
      partnerId,
      category: 'integration_question',
      priority: null,
      calendarId: null,
      firstResponseMinutes: 30,
      resolutionMinutes: 240,
      warnBeforeMinutes: 5,
    });
    const url = `${base}/${policy.id}`;
    expect((await agent.request({ method: 'GET', url })).json()).toEqual(policy);
    expect((await list()).map((p) => p.name)).toEqual([
      'Pizza Portal contract',
      'Confirmed urgent (24/7)',
      'Business hours (default)',
    ]);

    const replaced = await admin.request({
      method: 'PUT',
      url,
      payload: { ...body, partnerId, priority: 'high', calendarId, firstResponseMinutes: 90 },
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({
      id: policy.id,
      partnerId,
      category: null,
      priority: 'high',
      calendarId,
      firstResponseMinutes: 90,
      warnBeforeMinutes: null,
    });
    expect((await remove(policy.id)).statusCode).toBe(204);
    expect((await agent.request({ method: 'GET', url })).statusCode).toBe(404);
    expect((await list()).map((p) => p.name)).toEqual([
      'Confirmed urgent (24/7)',
      'Business hours (default)',
    ]);

    const audit = (
      await admin.request({ method: 'GET', url: `/api/v1/audit?partnerId=${partnerId}` })
    ).json() as { action: string; subjectId: string }[];
    expect(audit.filter((e) => e.subjectId === policy.id).map((e) => e.action)).toEqual([
      'sla_policy.removed',
      'sla_policy.changed',
      'sla_policy.created',
    ]);
  });

  it('refuses bad targets and references with a 400 naming the field, and stores nothing', async () => {
    const before = await list();
    const fallback = await defaultPolicy();
    const cases: [object, string][] = [
      [{ firstResponseMinutes: 0 }, 'firstResponseMinutes'],
      [{ resolutionMinutes: -5 }, 'resolutionMinutes'],
      [{ firstResponseMinutes: 1.5 }, 'firstResponseMinutes'],
      [{ warnBeforeMinutes: 0 }, 'warnBeforeMinutes'],
      [{ warnBeforeMinutes: 30 }, 'warnBeforeMinutes'],
      [{ calendarId: UNKNOWN_ID }, 'calendarId'],
      [{ calendarId: 'standard' }, 'calendarId'],
      [{ partnerId: UNKNOWN_ID }, 'partnerId'],
      [{ category: 'gossip' }, 'category'],
      [{ priority: 'whenever' }, 'priority'],
      [{ name: '  ' }, 'name'],
    ];
    for (const [change, field] of cases) {
      const payload = { ...body, ...change };
      const created = await create(payload);
      expect([created.statusCode, created.json().error.field], JSON.stringify(change)).toEqual([400, field]);
      const replaced = await admin.request({ method: 'PUT', url: `${base}/${fallback.id}`, payload });
      expect([replaced.statusCode, replaced.json().error.field], JSON.stringify(change)).toEqual([
        400,
        field,
      ]);
    }
    expect((await create({ ...body, calendarId: UNKNOWN_ID })).json().error.message).toBe(
      'calendarId: is not a business calendar',
    );
    expect(await list()).toEqual(before);
  });

  it('keeps at least one default policy, so that every case matches one', async () => {
    const seeded = await defaultPolicy();
    const lastDefault = await remove(seeded.id);
    expect(lastDefault.statusCode).toBe(409);
    expect(lastDefault.json().error.message).toMatch(/^this is the last default SLA policy/);
    const narrowed = await admin.request({
      method: 'PUT',
      url: `${base}/${seeded.id}`,
      payload: { ...body, priority: 'low' },
    });
    expect(narrowed.statusCode).toBe(409);
    // Still a default after the edit: allowed.
    const renamed = await admin.request({
      method: 'PUT',
      url: `${base}/${seeded.id}`,
      payload: {
        ...body,
        name: 'Business hours (default)',
        calendarId,
        firstResponseMinutes: 60,
        resolutionMinutes: 1440,
        warnBeforeMinutes: 15,
      },
    });
    expect(renamed.statusCode).toBe(200);

    const second = (await create({ ...body, name: 'Fallback' })).json();
    expect((await remove(seeded.id)).statusCode).toBe(204);
    expect((await remove(second.id)).statusCode).toBe(409);
    // Put things back as they were for the next test.
    const restored = await create({
      name: 'Business hours (default)',
      calendarId,
      firstResponseMinutes: 60,
      resolutionMinutes: 1440,
      warnBeforeMinutes: 15,
    });
    expect(restored.statusCode).toBe(201);
    expect((await remove(second.id)).statusCode).toBe(204);
  });

  it('keeps one default when two defaults are deleted at once', async () => {
    const {
      id,
      createdAt: _c,
      updatedAt: _u,
      ...fields
    } = (await defaultPolicy()) as Policy & {
      createdAt: string;
      updatedAt: string;
    };
    const twin = (await create(fields)).json();
    const answers = await Promise.all([id, twin.id].map(remove));
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([204, 409]);
    expect((await list()).filter((p) => p.name === 'Business hours (default)')).toHaveLength(1);
  });

  it('lets any staff read policies and only platform admins write them; partners get neither', async () => {
    const [policy] = await list();
    const url = `${base}/${policy?.id}`;
    for (const request of [
      { method: 'POST' as const, url: base, payload: body },
      { method: 'PUT' as const, url, payload: body },
      { method: 'DELETE' as const, url },
    ]) {
      expect((await agent.request(request)).statusCode, `${request.method} ${request.url}`).toBe(403);
    }
    const partnerAdmin = await signedInUser(t, { role: 'partner_admin', partnerId });
    expect((await partnerAdmin.request({ method: 'GET', url: base })).statusCode).toBe(403);
    expect((await partnerAdmin.request({ method: 'GET', url })).statusCode).toBe(403);
    expect((await partnerAdmin.request({ method: 'POST', url: base, payload: body })).statusCode).toBe(403);
  });

  it('puts open cases under the most specific policy as policies come and go', async () => {
    const member = await signedInUser(t, { role: 'partner_member', partnerId });
    const filed = await member.request({
      method: 'POST',
      url: `/api/v1/partners/${partnerId}/cases`,
      payload: { category: 'technical_support', subject: 'Menu sync', description: 'Prices are stale' },
    });
    expect(filed.statusCode).toBe(201);
    const caseUrl = `/api/v1/partners/${partnerId}/cases/${filed.json().id}`;
    const firstResponseDue = async () =>
      (await member.request({ method: 'GET', url: caseUrl })).json().sla.firstResponseDueAt;
    // The default: 60 business minutes from Monday 10:00 in Berlin.
    expect(await firstResponseDue()).toBe('2026-06-15T09:00:00.000Z');

    const byCategory = (
      await create({ ...body, name: 'Technical', category: 'technical_support', firstResponseMinutes: 45 })
    ).json();
    expect(await firstResponseDue()).toBe('2026-06-15T08:45:00.000Z');
    const byPartner = (await create({ ...body, partnerId, firstResponseMinutes: 50 })).json();
    expect(await firstResponseDue()).toBe('2026-06-15T08:50:00.000Z');

    const edited = await admin.request({
      method: 'PUT',
      url: `${base}/${byPartner.id}`,
      payload: { ...body, partnerId, firstResponseMinutes: 20 },
    });
    expect(edited.statusCode).toBe(200);
    expect(await firstResponseDue()).toBe('2026-06-15T08:20:00.000Z');
    expect((await remove(byPartner.id)).statusCode).toBe(204);
    expect(await firstResponseDue()).toBe('2026-06-15T08:45:00.000Z');
    expect((await remove(byCategory.id)).statusCode).toBe(204);
    expect(await firstResponseDue()).toBe('2026-06-15T09:00:00.000Z');
  });
});
