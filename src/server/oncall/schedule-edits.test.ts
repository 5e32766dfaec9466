import { beforeAll, expect, it } from 'vitest';
import { auditRowsAbout, errorOf } from '../../../tests/support/answers.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, buildUser } from '../../../tests/support/factories.js';
import { useOncallPeople } from '../../../tests/support/oncall-people.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { HOUR } from '../lib/clock.js';

const NOBODY = '00000000-0000-4000-8000-000000000000';
const base = '/api/v1/schedules';

/** Schedule edits through the API: the audit they leave, the version in force, the overrides still to come. */
describeEachDatabase('on-call schedule edits', (kind) => {
  const t = useTestApp(kind);
  const people = useOncallPeople(t, '2027-03-26T10:00:00Z');
  let admin: Agent;
  let ana: Agent;
  let ben: Agent;
  beforeAll(() => {
    ({ admin, ana, ben } = people);
  });

  const layer = (users: string[], start = '2027-03-26T08:00:00Z') => ({
    name: 'Primary',
    start,
    rotation: { type: 'daily' },
    handoffTime: '09:00',
    users,
  });
  const create = async (payload: object) => {
    const created = await admin.request({ method: 'POST', url: base, payload });
    expect(created.statusCode).toBe(201);
    return created.json() as { id: string; layers: { users: string[] }[] };
  };
  const timeline = async (id: string, from: string, to: string) =>
    (await admin.request({ method: 'GET', url: `${base}/${id}/timeline?from=${from}&to=${to}` }))
      .json()
      .map((s: { userId: string; start: string; end: string }) => [s.userId, s.start, s.end]);

  it('audits creating, editing and removing a schedule and its overrides', async () => {
    const { id } = await create({
      name: 'Audited',
      timeZone: 'Europe/Berlin',
      layers: [layer([ana.user.id])],
    });
    const who = {
      partnerId: null,
      actorLabel: admin.user.email,
      actorUserId: admin.user.id,
      actorTokenId: null,
      subjectType: 'schedule',
      subjectId: id,
    };
    expect(await auditRowsAbout(t, id, 'schedule.created')).toEqual([
      { ...who, before: null, after: { name: 'Audited', timeZone: 'Europe/Berlin', layers: 1 } },
    ]);
    const edited = await admin.request({
      method: 'PUT',
      url: `${base}/${id}`,
      payload: { name: 'Renamed', timeZone: 'UTC', layers: [layer([ana.user.id]), layer([ben.user.id])] },
    });
    expect(edited.statusCode).toBe(200);
    expect(await auditRowsAbout(t, id, 'schedule.changed')).toEqual([
      {
        ...who,
        before: { name: 'Audited', timeZone: 'Europe/Berlin' },
        after: { name: 'Renamed', timeZone: 'UTC', layers: 2 },
      },
    ]);
    const override = await admin.request({
      method: 'POST',
      url: `${base}/${id}/overrides`,
      payload: { userId: ben.user.id, start: '2027-03-27T10:00:00Z', end: '2027-03-27T12:00:00Z' },
    });
    expect(override.statusCode).toBe(201);
    expect(await auditRowsAbout(t, id, 'schedule.override_added')).toEqual([
      {
        ...who,
        before: null,
        after: { userId: ben.user.id, start: '2027-03-27T10:00:00.000Z', end: '2027-03-27T12:00:00.000Z' },
      },
    ]);
    const overrideUrl = `${base}/${id}/overrides/${override.json().id}`;
    expect((await admin.request({ method: 'DELETE', url: overrideUrl })).statusCode).toBe(204);
    expect(await auditRowsAbout(t, id, 'schedule.override_removed')).toEqual([
      { ...who, before: { userId: ben.user.id }, after: null },
    ]);
    for (const url of [
      overrideUrl,
      `${base}/${id}/overrides/not-an-id`,
      `${base}/not-an-id/overrides/${override.json().id}`,
    ])
      expect(await errorOf(admin.request({ method: 'DELETE', url })), url).toMatchObject({
        status: 404,
        message: 'override not found',
      });

    expect((await admin.request({ method: 'DELETE', url: `${base}/${id}` })).statusCode).toBe(204);
    expect(await auditRowsAbout(t, id, 'schedule.removed')).toEqual([
      { ...who, before: { name: 'Renamed' }, after: null },
    ]);
    for (const request of [
      admin.request({ method: 'GET', url: `${base}/${id}` }),
      admin.request({ method: 'DELETE', url: `${base}/${id}` }),
      admin.request({ method: 'GET', url: `${base}/not-a-schedule` }),
    ])
      expect(await errorOf(request)).toMatchObject({ status: 404, message: 'schedule not found' });
  });

  it('shows the layers in force now and the overrides not yet over, soonest first; edits move updatedAt', async () => {
    const created = await create({
      name: 'Current',
      timeZone: 'Europe/Berlin',
      layers: [layer([ana.user.id])],
    });
    const { id } = created;
    const addOverride = (start: string, end: string) =>
      admin.request({
        method: 'POST',
        url: `${base}/${id}/overrides`,
        payload: { userId: ben.user.id, start, end },
      });
    await addOverride('2027-03-28T10:00:00Z', '2027-03-28T11:00:00Z');
    await addOverride('2027-03-25T10:00:00Z', '2027-03-26T10:00:00Z'); // ends now: over
    await addOverride('2027-03-26T09:00:00Z', '2027-03-26T10:00:01Z');
    t.clock.advance(HOUR);
    await admin.request({
      method: 'PUT',
      url: `${base}/${id}`,
      payload: { name: 'Current', timeZone: 'Europe/Berlin', layers: [layer([ben.user.id])] },
    });
    t.clock.set('2027-03-26T10:00:00Z');
    const shown = (await admin.request({ method: 'GET', url: `${base}/${id}` })).json();
    expect(shown.layers.map((l: { users: string[] }) => l.users)).toEqual([[ana.user.id]]);
    expect(shown.layers[0]).toEqual({
      name: 'Primary',
      start: '2027-03-26T08:00:00.000Z',
      rotation: { type: 'daily' },
      handoffTime: '09:00',
      users: [ana.user.id],
      restrictions: [],
    });
    expect(shown.overrides.map((o: { start: string }) => o.start)).toEqual([
      '2027-03-26T09:00:00.000Z',
      '2027-03-28T10:00:00.000Z',
    ]);
    expect([shown.createdAt, shown.updatedAt]).toEqual([
      '2027-03-26T10:00:00.000Z',
      '2027-03-26T11:00:00.000Z',
    ]);
    t.clock.set('2027-03-26T11:00:00Z');
    const later = (await admin.request({ method: 'GET', url: `${base}/${id}` })).json();
    expect(later.layers.map((l: { users: string[] }) => l.users)).toEqual([[ben.user.id]]);
    expect(later.overrides).toHaveLength(1);
    // A third version: the latest in force is shown, not the second.
    t.clock.set('2027-03-26T12:00:00Z');
    await admin.request({
      method: 'PUT',
      url: `${base}/${id}`,
      payload: { name: 'Current', timeZone: 'Europe/Berlin', layers: [layer([ana.user.id, ben.user.id])] },
    });
    const third = (await admin.request({ method: 'GET', url: `${base}/${id}` })).json();
    expect(third.layers.map((l: { users: string[] }) => l.users)).toEqual([[ana.user.id, ben.user.id]]);
    t.clock.set('2027-03-26T10:00:00Z');
  });

  it('renders a rotation from its start when that lies before the schedule was made', async () => {
    const { id } = await create({
      name: 'Backdated',
      timeZone: 'UTC',
      layers: [layer([ana.user.id, ben.user.id], '2027-03-24T09:00:00Z')],
    });
    expect(await timeline(id, '2027-03-24T00:00:00Z', '2027-03-25T12:00:00Z')).toEqual([
      [ana.user.id, '2027-03-24T09:00:00.000Z', '2027-03-25T09:00:00.000Z'],
      [ben.user.id, '2027-03-25T09:00:00.000Z', '2027-03-25T12:00:00.000Z'],
    ]);
  });

  it('keeps the last of two edits made in the same instant', async () => {
    const { id } = await create({ name: 'Twice', timeZone: 'UTC', layers: [layer([ana.user.id])] });
    t.clock.advance(HOUR);
    for (const users of [[ben.user.id], [ana.user.id, ben.user.id]])
      await admin.request({
        method: 'PUT',
        url: `${base}/${id}`,
        payload: { name: 'Twice', timeZone: 'UTC', layers: [layer(users)] },
      });
    expect(await timeline(id, '2027-03-26T10:00:00Z', '2027-03-27T10:00:00Z')).toEqual([
      [ana.user.id, '2027-03-26T10:00:00.000Z', '2027-03-26T11:00:00.000Z'],
      [ben.user.id, '2027-03-26T11:00:00.000Z', '2027-03-27T09:00:00.000Z'],
      [ana.user.id, '2027-03-27T09:00:00.000Z', '2027-03-27T10:00:00.000Z'],
    ]);
    t.clock.set('2027-03-26T10:00:00Z');
  });

  it('lets the override added later win where two overlap, whichever starts first', async () => {
    const { id } = await create({ name: 'Overlaps', timeZone: 'UTC', layers: [] });
    const add = (userId: string, start: string, end: string) =>
      admin.request({ method: 'POST', url: `${base}/${id}/overrides`, payload: { userId, start, end } });
    await add(ben.user.id, '2027-03-27T11:00:00Z', '2027-03-27T13:00:00Z');
    t.clock.advance(60_000);
    await add(ana.user.id, '2027-03-27T10:00:00Z', '2027-03-27T12:00:00Z');
    expect(await timeline(id, '2027-03-27T09:00:00Z', '2027-03-27T14:00:00Z')).toEqual([
      [ana.user.id, '2027-03-27T10:00:00.000Z', '2027-03-27T12:00:00.000Z'],
      [ben.user.id, '2027-03-27T12:00:00.000Z', '2027-03-27T13:00:00.000Z'],
    ]);
    t.clock.set('2027-03-26T10:00:00Z');
  });

  it('refuses an override for someone who is not enabled staff, or one that ends as it starts', async () => {
    const { id } = await create({ name: 'Overrides', timeZone: 'UTC', layers: [] });
    const gone = await buildUser(t, { role: 'oncall_engineer' });
    await admin.request({ method: 'PATCH', url: `/api/v1/users/${gone.id}`, payload: { disabled: true } });
    const partnerish = await buildUser(t, { role: 'partner_admin', partnerId: (await buildPartner(t)).id });
    const override = (userId: string, start = '2027-03-27T10:00:00Z', end = '2027-03-27T11:00:00Z') =>
      errorOf(
        admin.request({ method: 'POST', url: `${base}/${id}/overrides`, payload: { userId, start, end } }),
      );
    for (const userId of [gone.id, NOBODY, 'someone', partnerish.id])
      expect(await override(userId), userId).toMatchObject({
        status: 400,
        field: 'userId',
        reason: 'invalid_id',
        message: 'userId: is not an enabled staff user',
      });
    expect(await override(ana.user.id, '2027-03-27T10:00:00Z', '2027-03-27T10:00:00Z')).toMatchObject({
      status: 400,
      field: 'end',
      reason: 'invalid',
      message: 'end: must be after start',
    });
    expect(await override(ana.user.id, '2027-03-27T10:00:00Z', '2027-03-27T10:00:00.001Z')).toMatchObject({
      status: 201,
    });
    const unknown = `${base}/${NOBODY}/overrides`;
    expect(
      await errorOf(
        admin.request({
          method: 'POST',
          url: unknown,
          payload: { userId: ana.user.id, start: '2027-03-27T10:00:00Z', end: '2027-03-27T11:00:00Z' },
        }),
      ),
    ).toMatchObject({ status: 404, message: 'schedule not found' });
  });
});
