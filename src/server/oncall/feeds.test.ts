import ICAL from 'ical.js';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import type { Agent } from '../../../tests/support/factories.js';
import { useOncallPeople } from '../../../tests/support/oncall-people.js';
import { useTestApp } from '../../../tests/support/test-app.js';

type Component = InstanceType<typeof ICAL.Component>;
const utc = (value: unknown) => (value as InstanceType<typeof ICAL.Time>).toJSDate().toISOString();

/** The iCalendar feeds: what a calendar app reads at the secret URLs, over the past week and the next eight. */
describeEachDatabase('on-call feeds', (kind) => {
  const t = useTestApp(kind);
  const people = useOncallPeople(t, '2027-03-26T10:00:00Z');
  let admin: Agent;
  let ana: Agent;
  let ben: Agent;
  let scheduleId: string;
  let scheduleFeedPath: string;

  beforeAll(async () => {
    ({ admin, ana, ben } = people);
    const create = async (name: string, users: string[]) => {
      const created = await admin.request({
        method: 'POST',
        url: '/api/v1/schedules',
        payload: {
          name,
          timeZone: 'UTC',
          layers: [
            {
              name: 'Primary',
              start: '2027-03-01T09:00:00Z',
              rotation: { type: 'daily' },
              handoffTime: '09:00',
              users,
            },
          ],
        },
      });
      expect(created.statusCode).toBe(201);
      return created.json();
    };
    const feedA = await create('Feed A', [ana.user.id, ben.user.id]);
    await create('Feed B', [ben.user.id]);
    scheduleId = feedA.id;
    scheduleFeedPath = new URL(feedA.icalUrl).pathname;
  });

  const read = async (path: string) => {
    const answer = await t.app.inject({ method: 'GET', url: path });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['cache-control']).toBe('private, max-age=300');
    return new ICAL.Component(ICAL.parse(answer.body)) as Component;
  };
  const eventsOf = (calendar: Component) =>
    calendar.getAllSubcomponents('vevent').map((event) => ({
      uid: event.getFirstPropertyValue('uid'),
      stamp: utc(event.getFirstPropertyValue('dtstamp')),
      start: utc(event.getFirstPropertyValue('dtstart')),
      end: utc(event.getFirstPropertyValue('dtend')),
      summary: event.getFirstPropertyValue('summary'),
    }));

  it('describes the schedule: its name, and each shift from a week ago to eight weeks ahead', async () => {
    const body = (await t.app.inject({ method: 'GET', url: scheduleFeedPath })).body;
    // Times in UTC, not floating local times.
    expect(body).toContain('\r\nDTSTAMP:20270326T100000Z\r\n');
    expect(body).toContain('\r\nDTSTART:20270319T100000Z\r\nDTEND:20270320T090000Z\r\n');
    const calendar = await read(scheduleFeedPath);
    expect(calendar.name).toBe('vcalendar');
    expect(
      ['prodid', 'version', 'calscale', 'x-wr-calname'].map((name) => calendar.getFirstPropertyValue(name)),
    ).toEqual(['-//Switchboard//On-call//EN', '2.0', 'GREGORIAN', 'Feed A']);
    const events = eventsOf(calendar);
    expect(events).toHaveLength(64);
    expect(events[0]).toEqual({
      uid: `${scheduleId}-${ana.user.id}-${Date.parse('2027-03-19T10:00:00Z')}@switchboard`,
      stamp: '2027-03-26T10:00:00.000Z',
      start: '2027-03-19T10:00:00.000Z',
      end: '2027-03-20T09:00:00.000Z',
      summary: 'Ana Engineer on call (Feed A)',
    });
    expect(events[1]?.summary).toBe('Ben Engineer on call (Feed A)');
    expect(events.at(-1)).toMatchObject({
      start: '2027-05-21T09:00:00.000Z',
      end: '2027-05-21T10:00:00.000Z',
      summary: 'Ben Engineer on call (Feed A)',
    });
  });

  it('gives each person one feed with their own shifts on every schedule, the same URL each time', async () => {
    const url = async (agent: Agent) =>
      (await agent.request({ method: 'GET', url: '/api/v1/me/oncall-feed' })).json().icalUrl as string;
    const first = await url(ana);
    expect(first).toMatch(/^http:\/\/localhost:\d+\/api\/v1\/ical\/users\/[\w-]+\.ics$/);
    expect(await url(ana)).toBe(first);
    expect(await url(ben)).not.toBe(first);

    const mine = await read(new URL(first).pathname);
    expect(mine.getFirstPropertyValue('x-wr-calname')).toBe('My on-call shifts');
    const events = eventsOf(mine);
    expect(events).toHaveLength(32);
    expect(new Set(events.map((e) => e.summary))).toEqual(new Set(['On call: Feed A']));
    expect(events[0]).toMatchObject({ start: '2027-03-19T10:00:00.000Z', end: '2027-03-20T09:00:00.000Z' });
    expect(events[1]).toMatchObject({ start: '2027-03-21T09:00:00.000Z', end: '2027-03-22T09:00:00.000Z' });

    const bens = eventsOf(await read(new URL(await url(ben)).pathname));
    expect(bens.filter((e) => e.summary === 'On call: Feed B')).toHaveLength(1);
    expect(bens.filter((e) => e.summary === 'On call: Feed A')).toHaveLength(32);
  });

  it('answers 404 for a feed token that names nothing', async () => {
    for (const path of [
      '/api/v1/ical/schedules/guess.ics',
      '/api/v1/ical/users/guess.ics',
      '/api/v1/ical/users/.ics',
      scheduleFeedPath.replace('.ics', '.ical'),
    ]) {
      const answer = await t.app.inject({ method: 'GET', url: path });
      expect([answer.statusCode, answer.json().error.message], path).toEqual([404, 'feed not found']);
    }
  });
});
