import { expect, it } from 'vitest';
import { tokenActor } from '../../../tests/support/actors.js';
import { errorOf } from '../../../tests/support/answers.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildUser } from '../../../tests/support/factories.js';
import { useOncallPeople } from '../../../tests/support/oncall-people.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import type { AppError } from '../lib/errors.js';
import { addOverride, createSchedule, onCallAt, scheduleTimeline } from './schedules.js';

const base = '/api/v1/schedules';

/** Reading schedules: the list, the layers as shown, who is on call now, the timeline's limits, whom a layer may name. */
describeEachDatabase('on-call schedule queries', (kind) => {
  const t = useTestApp(kind);
  const people = useOncallPeople(t, '2027-03-26T10:00:00Z');

  const layer = (users: string[], extra: object = {}) => ({
    name: 'Primary',
    start: '2027-03-26T08:00:00Z',
    rotation: { type: 'daily' },
    handoffTime: '09:00',
    users,
    ...extra,
  });
  const create = async (name: string, layers: object[]) => {
    const created = await people.admin.request({
      method: 'POST',
      url: base,
      payload: { name, timeZone: 'UTC', layers },
    });
    expect(created.statusCode).toBe(201);
    return created.json() as { id: string };
  };

  it('lists schedules by name, each with its layers’ restrictions', async () => {
    const nights = { restrictions: [{ days: ['sat', 'sun'], start: '22:00', end: '06:00' }] };
    await create('Zulu', [layer([people.ana.user.id], nights)]);
    await create('Alpha', [layer([people.ben.user.id], { rotation: { type: 'custom', hours: 12 } })]);
    const listed = (await people.ana.request({ method: 'GET', url: base })).json();
    expect(listed.map((s: { name: string }) => s.name)).toEqual(['Alpha', 'Zulu']);
    expect(listed[0].layers[0]).toMatchObject({ rotation: { type: 'custom', hours: 12 }, restrictions: [] });
    expect(listed[1].layers[0].restrictions).toEqual([
      { days: ['sat', 'sun'], start: '22:00', end: '06:00' },
    ]);
  });

  it('answers who is on call now when no instant is given, and nobody where no layer covers', async () => {
    const { id } = await create('Now', [layer([people.ana.user.id, people.ben.user.id])]);
    const onCall = async (query = '') =>
      (await people.ben.request({ method: 'GET', url: `${base}/${id}/oncall${query}` })).json();
    expect(await onCall()).toEqual({
      users: [{ id: people.ben.user.id, name: 'Ben Engineer', email: people.ben.user.email }],
    });
    expect(await onCall('?at=2027-03-26T08:59:59Z')).toEqual({
      users: [{ id: people.ana.user.id, name: 'Ana Engineer', email: people.ana.user.email }],
    });
    expect(await onCall('?at=2027-03-26T07:59:59Z')).toEqual({ users: [] });
  });

  it('renders a timeline of up to 92 days, from before to after', async () => {
    const { id } = await create('Timeline', [layer([people.ana.user.id])]);
    const timeline = (from: string, to: string) =>
      people.ana.request({ method: 'GET', url: `${base}/${id}/timeline?from=${from}&to=${to}` });
    const full = await timeline('2027-03-26T08:00:00Z', '2027-06-26T08:00:00Z');
    expect(full.json()).toEqual([
      {
        userId: people.ana.user.id,
        start: '2027-03-26T08:00:00.000Z',
        end: '2027-06-26T08:00:00.000Z',
        layer: 'Primary',
      },
    ]);
    expect(await errorOf(timeline('2027-03-26T08:00:00Z', '2027-06-26T08:00:00.001Z'))).toMatchObject({
      status: 400,
      field: 'to',
      reason: 'too_large',
      params: { limit: 92 },
      message: 'to: must be at most 92 days after from',
    });
    expect(await errorOf(timeline('2027-03-26T08:00:00Z', '2027-03-26T08:00:00Z'))).toMatchObject({
      status: 400,
      field: 'to',
      reason: 'invalid',
      message: 'to: must be after from',
    });
    expect(await errorOf(timeline('2027-03-26T08:00:00Z', '2027-03-26T07:00:00Z'))).toMatchObject({
      status: 400,
    });
  });

  it('names the first person a layer may not name: not staff, disabled, or no user at all', async () => {
    const gone = await buildUser(t, { role: 'oncall_engineer' });
    await people.admin.request({
      method: 'PATCH',
      url: `/api/v1/users/${gone.id}`,
      payload: { disabled: true },
    });
    const staff = people.ana.user.id;
    const actor = tokenActor('ops', null);
    const refusal = async (layers: object[]) => {
      try {
        await createSchedule(t.ctx, actor, { name: 'People', timeZone: 'UTC', layers: layers as never });
      } catch (error) {
        expect((error as AppError).details.reason).toBe('invalid_id');
        return (error as Error).message;
      }
      return 'created';
    };
    expect(await refusal([layer([staff]), layer([staff, gone.id])])).toBe(
      'layers.1.users.1: is not an enabled staff user',
    );
    expect(await refusal([layer(['ana'])])).toBe('layers.0.users.0: is not an enabled staff user');
    expect(await refusal([layer([staff]), layer([people.ben.user.id, staff])])).toBe('created');
  });

  it('names the instant a direct call passes that is not one', async () => {
    const { id } = await create('Instants', []);
    const actor = tokenActor('ops', null);
    const ok = '2027-03-27T10:00:00Z';
    const userId = people.ana.user.id;
    const calls: [() => Promise<unknown>, string][] = [
      [() => addOverride(t.ctx, actor, id, { userId, start: 'soon', end: ok }), 'start'],
      [() => addOverride(t.ctx, actor, id, { userId, start: ok, end: 'later' }), 'end'],
      [() => scheduleTimeline(t.ctx, id, 'soon', ok), 'from'],
      [() => scheduleTimeline(t.ctx, id, ok, 'later'), 'to'],
      [() => onCallAt(t.ctx, id, 'now'), 'at'],
    ];
    for (const [call, field] of calls)
      await expect(call(), field).rejects.toThrow(`${field}: is not an RFC 3339 date-time with a time zone`);
  });
});
