import { beforeAll, expect, it } from 'vitest';
import { auditRowsAbout, errorOf } from '../../../tests/support/answers.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { HOUR, MINUTE } from '../lib/clock.js';

const base = '/api/v1/sla-policies';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const LAST_DEFAULT =
  'this is the last default SLA policy (no partner, category or priority), and every case must match a ' +
  'policy; add another default first';

/** Writes to SLA policies: the audit they leave, the messages of refusals, the order of equally specific ones. */
describeEachDatabase('SLA policy writes', (kind) => {
  const t = useTestApp(kind);
  let admin: Agent;
  let partnerId: string;
  let calendarId: string;

  beforeAll(async () => {
    t.clock.set('2026-06-15T08:00:00Z');
    admin = await signedInUser(t, { role: 'admin' });
    partnerId = (await buildPartner(t)).id;
    calendarId = (await admin.request({ method: 'GET', url: '/api/v1/business-calendars' })).json()[0].id;
  });

  const create = (payload: object) => admin.request({ method: 'POST', url: base, payload });
  const targets = { firstResponseMinutes: 30, resolutionMinutes: 240 };

  it('audits each write with the policy before and after, filed under its partner', async () => {
    const fields = {
      name: 'Pizza contract',
      partnerId,
      category: 'integration_question',
      priority: 'high',
      calendarId,
      ...targets,
      warnBeforeMinutes: 5,
    };
    const created = await create(fields);
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    const who = {
      partnerId,
      actorLabel: admin.user.email,
      actorUserId: admin.user.id,
      actorTokenId: null,
      subjectType: 'sla_policy',
      subjectId: id,
    };
    expect(await auditRowsAbout(t, id, 'sla_policy.created')).toEqual([
      { ...who, before: null, after: fields },
    ]);

    t.clock.advance(HOUR);
    const changed = { ...fields, name: 'Pizza contract 2', category: null, priority: null, calendarId: null };
    const replaced = await admin.request({
      method: 'PUT',
      url: `${base}/${id}`,
      payload: { name: 'Pizza contract 2', partnerId, ...targets, warnBeforeMinutes: 5, calendarId: null },
    });
    expect(replaced.json()).toMatchObject({
      createdAt: '2026-06-15T08:00:00.000Z',
      updatedAt: '2026-06-15T09:00:00.000Z',
    });
    expect(await auditRowsAbout(t, id, 'sla_policy.changed')).toEqual([
      { ...who, before: fields, after: changed },
    ]);

    expect((await admin.request({ method: 'DELETE', url: `${base}/${id}` })).statusCode).toBe(204);
    expect(await auditRowsAbout(t, id, 'sla_policy.removed')).toEqual([
      { ...who, before: changed, after: null },
    ]);

    const general = (
      await create({ name: 'Low priority', priority: 'low', calendarId: null, ...targets })
    ).json();
    expect((await auditRowsAbout(t, general.id, 'sla_policy.created'))[0]?.partnerId).toBeNull();
    await admin.request({ method: 'DELETE', url: `${base}/${general.id}` });
    t.clock.set('2026-06-15T08:00:00Z');
  });

  it('answers 404 naming the SLA policy for an id that names none', async () => {
    const url = `${base}/${UNKNOWN_ID}`;
    const payload = { name: 'x', calendarId: null, ...targets };
    for (const request of [
      admin.request({ method: 'GET', url }),
      admin.request({ method: 'PUT', url, payload }),
      admin.request({ method: 'DELETE', url }),
    ])
      expect(await errorOf(request)).toMatchObject({ status: 404, message: 'SLA policy not found' });
  });

  it('says why a warning or a partner is refused, and takes a warning one minute short of the shorter target', async () => {
    const payload = {
      name: 'Warned',
      priority: 'low',
      calendarId: null,
      firstResponseMinutes: 300,
      resolutionMinutes: 240,
    };
    expect(await errorOf(create({ ...payload, warnBeforeMinutes: 240 }))).toMatchObject({
      status: 400,
      field: 'warnBeforeMinutes',
      message: 'warnBeforeMinutes: must be less than the shorter target (240 minutes)',
    });
    const warned = await create({ ...payload, warnBeforeMinutes: 239 });
    expect(warned.statusCode).toBe(201);
    await admin.request({ method: 'DELETE', url: `${base}/${warned.json().id}` });
    expect(await errorOf(create({ ...payload, partnerId: UNKNOWN_ID }))).toMatchObject({
      status: 400,
      field: 'partnerId',
      message: 'partnerId: is not a partner',
    });
  });

  it('keeps the last default from being narrowed by a partner, a category or a priority alone, or removed', async () => {
    const policies = (await admin.request({ method: 'GET', url: base })).json() as {
      id: string;
      name: string;
    }[];
    const fallback = policies.find((p) => p.name === 'Business hours (default)') as { id: string };
    const url = `${base}/${fallback.id}`;
    const payload = {
      name: 'Business hours (default)',
      calendarId,
      firstResponseMinutes: 60,
      resolutionMinutes: 1440,
    };
    for (const narrowing of [{ partnerId }, { category: 'account' }, { priority: 'low' }])
      expect(
        await errorOf(admin.request({ method: 'PUT', url, payload: { ...payload, ...narrowing } })),
      ).toMatchObject({
        status: 409,
        message: LAST_DEFAULT,
      });
    expect(await errorOf(admin.request({ method: 'DELETE', url }))).toMatchObject({
      status: 409,
      message: LAST_DEFAULT,
    });
  });

  it('lists policies as specific as each other in the order they were made', async () => {
    const made: string[] = [];
    for (const [name, category] of [
      ['Zed', 'account'],
      ['Abe', 'feeds_inventory'],
    ]) {
      made.push((await create({ name, category, calendarId: null, ...targets })).json().id);
      t.clock.advance(MINUTE);
    }
    const names = ((await admin.request({ method: 'GET', url: base })).json() as { name: string }[]).map(
      (p) => p.name,
    );
    expect(names).toEqual(['Zed', 'Abe', 'Confirmed urgent (24/7)', 'Business hours (default)']);
    for (const id of made) await admin.request({ method: 'DELETE', url: `${base}/${id}` });
    t.clock.set('2026-06-15T08:00:00Z');
  });
});
