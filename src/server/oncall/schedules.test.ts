import ICAL from 'ical.js';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { HOUR } from '../lib/clock.js';

/** Schedules through the API: layers, overrides, who is on call, the timeline, edits that keep the past, feeds. */
describeEachDatabase('on-call schedules', (kind) => {
  const t = useTestApp(kind);
  let admin: Agent;
  let ana: Agent;
  let ben: Agent;

  beforeAll(async () => {
    t.clock.set('2027-03-26T10:00:00Z');
    admin = await signedInUser(t, { role: 'admin', name: 'Ada Admin' });
    ana = await signedInUser(t, { role: 'oncall_engineer', name: 'Ana Engineer' });
    ben = await signedInUser(t, { role: 'oncall_engineer', name: 'Ben Engineer' });
  });

  const primary = (users: string[]) => ({
    name: 'Primary',
    start: '2027-03-26T08:00:00Z', // Friday 09:00 in Berlin
    rotation: { type: 'daily' },
    handoffTime: '09:00',
    users,
  });
  const create = (payload: object) => admin.request({ method: 'POST', url: '/api/v1/schedules', payload });

  it('renders a daily 09:00 Berlin rotation across the spring DST change, and answers who is on call', async () => {
    const created = await create({
      name: 'Platform',
      timeZone: 'Europe/Berlin',
      layers: [primary([ana.user.id, ben.user.id])],
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json().icalUrl).toMatch(/^http:\/\/localhost:\d+\/api\/v1\/ical\/schedules\/[\w-]+\.ics$/);
    const timeline = await admin.request({
      method: 'GET',
      url: `/api/v1/schedules/${id}/timeline?from=2027-03-27T00:00:00Z&to=2027-03-29T00:00:00Z`,
    });
    expect(timeline.json()).toEqual([
      {
        userId: ana.user.id,
        start: '2027-03-27T00:00:00.000Z',
        end: '2027-03-27T08:00:00.000Z',
        layer: 'Primary',
      },
      {
        userId: ben.user.id,
        start: '2027-03-27T08:00:00.000Z',
        end: '2027-03-28T07:00:00.000Z',
        layer: 'Primary',
      },
      {
        userId: ana.user.id,
        start: '2027-03-28T07:00:00.000Z',
        end: '2027-03-29T00:00:00.000Z',
        layer: 'Primary',
      },
    ]);
    const onCall = await ana.request({
      method: 'GET',
      url: `/api/v1/schedules/${id}/oncall?at=2027-03-28T06:59:00Z`,
    });
    expect(onCall.json()).toEqual({
      users: [{ id: ben.user.id, name: 'Ben Engineer', email: ben.user.email }],
    });
  });

  it('puts an override above the layers, and removes it again', async () => {
    const id = (
      await create({ name: 'With override', timeZone: 'Europe/Berlin', layers: [primary([ana.user.id])] })
    ).json().id;
    const override = await admin.request({
      method: 'POST',
      url: `/api/v1/schedules/${id}/overrides`,
      payload: { userId: ben.user.id, start: '2027-03-26T20:00:00Z', end: '2027-03-26T22:00:00Z' },
    });
    expect(override.statusCode).toBe(201);
    const who = (at: string) =>
      admin
        .request({ method: 'GET', url: `/api/v1/schedules/${id}/oncall?at=${at}` })
        .then((r) => r.json().users[0]?.id);
    expect(await who('2027-03-26T21:00:00Z')).toBe(ben.user.id);
    expect(await who('2027-03-26T22:00:00Z')).toBe(ana.user.id);
    const timeline = await admin.request({
      method: 'GET',
      url: `/api/v1/schedules/${id}/timeline?from=2027-03-26T19:00:00Z&to=2027-03-26T23:00:00Z`,
    });
    expect(timeline.json().map((s: { layer: string }) => s.layer)).toEqual([
      'Primary',
      'override',
      'Primary',
    ]);
    const removed = await admin.request({
      method: 'DELETE',
      url: `/api/v1/schedules/${id}/overrides/${override.json().id}`,
    });
    expect(removed.statusCode).toBe(204);
    expect(await who('2027-03-26T21:00:00Z')).toBe(ana.user.id);
  });

  it('never rewrites the past when the schedule is edited', async () => {
    const id = (
      await create({ name: 'Edited', timeZone: 'Europe/Berlin', layers: [primary([ana.user.id])] })
    ).json().id;
    t.clock.advance(2 * HOUR); // 12:00Z
    const edited = await admin.request({
      method: 'PUT',
      url: `/api/v1/schedules/${id}`,
      payload: { name: 'Edited', timeZone: 'Europe/Berlin', layers: [primary([ben.user.id])] },
    });
    expect(edited.json().layers[0].users).toEqual([ben.user.id]);
    const timeline = await admin.request({
      method: 'GET',
      url: `/api/v1/schedules/${id}/timeline?from=2027-03-26T10:00:00Z&to=2027-03-26T14:00:00Z`,
    });
    expect(timeline.json().map((s: { userId: string; start: string }) => [s.userId, s.start])).toEqual([
      [ana.user.id, '2027-03-26T10:00:00.000Z'],
      [ben.user.id, '2027-03-26T12:00:00.000Z'],
    ]);
  });

  it('names the bad field: zone, handoff, custom hours, people who are not enabled staff, override times', async () => {
    const partner = await buildPartner(t);
    const partnerUser = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const cases: [object, string][] = [
      [{ name: 'x', timeZone: 'Mars/Olympus', layers: [] }, 'timeZone'],
      [
        { name: 'x', timeZone: 'UTC', layers: [{ ...primary([ana.user.id]), handoffTime: '25:00' }] },
        'layers.0.handoffTime',
      ],
      [
        { name: 'x', timeZone: 'UTC', layers: [{ ...primary([ana.user.id]), rotation: { type: 'custom' } }] },
        'layers.0.rotation.hours',
      ],
      [
        { name: 'x', timeZone: 'UTC', layers: [primary([ana.user.id, partnerUser.user.id])] },
        'layers.0.users.1',
      ],
      [
        {
          name: 'x',
          timeZone: 'UTC',
          layers: [{ ...primary([ana.user.id]), start: '2027-02-30T00:00:00Z' }],
        },
        'layers.0.start',
      ],
    ];
    for (const [payload, field] of cases) {
      const response = await create(payload);
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error.field).toBe(field);
    }
    const id = (await create({ name: 'Checks', timeZone: 'UTC', layers: [] })).json().id;
    const backwards = await admin.request({
      method: 'POST',
      url: `/api/v1/schedules/${id}/overrides`,
      payload: { userId: ana.user.id, start: '2027-03-27T10:00:00Z', end: '2027-03-27T09:00:00Z' },
    });
    expect(backwards.json().error.field).toBe('end');
    const tooLong = await admin.request({
      method: 'GET',
      url: `/api/v1/schedules/${id}/timeline?from=2027-01-01T00:00:00Z&to=2027-06-01T00:00:00Z`,
    });
    expect(tooLong.json().error.field).toBe('to');
  });

  it('lets on-call engineers and admins edit, other staff read, partners nothing', async () => {
    const agent = await signedInUser(t, { role: 'support_agent' });
    const payload = { name: 'Rights', timeZone: 'UTC', layers: [] };
    expect((await agent.request({ method: 'POST', url: '/api/v1/schedules', payload })).statusCode).toBe(403);
    expect((await ana.request({ method: 'POST', url: '/api/v1/schedules', payload })).statusCode).toBe(201);
    expect((await agent.request({ method: 'GET', url: '/api/v1/schedules' })).statusCode).toBe(200);
  });

  it('serves valid iCalendar feeds for the schedule and for each person at secret URLs', async () => {
    const created = (
      await create({ name: 'Feed', timeZone: 'Europe/Berlin', layers: [primary([ana.user.id, ben.user.id])] })
    ).json();
    const path = new URL(created.icalUrl).pathname;
    const feed = await t.app.inject({ method: 'GET', url: path });
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const calendar = new ICAL.Component(ICAL.parse(feed.body));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const first = events.find((e) => e.startDate.toJSDate().toISOString() === '2027-03-27T08:00:00.000Z');
    expect(first?.summary).toBe('Ben Engineer on call (Feed)');
    expect(first?.endDate.toJSDate().toISOString()).toBe('2027-03-28T07:00:00.000Z');
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/ical/schedules/guess.ics' })).statusCode).toBe(
      404,
    );

    const mine = (await ben.request({ method: 'GET', url: '/api/v1/me/oncall-feed' })).json()
      .icalUrl as string;
    const own = new ICAL.Component(
      ICAL.parse((await t.app.inject({ method: 'GET', url: new URL(mine).pathname })).body),
    );
    const summaries = own.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e).summary);
    expect(summaries.length).toBeGreaterThan(0);
    expect(summaries.every((s) => s.startsWith('On call: '))).toBe(true);
  });
});
