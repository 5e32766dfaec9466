import { beforeAll, expect, it } from 'vitest';
import { auditRowsAbout, errorOf } from '../../../tests/support/answers.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';

const base = '/api/v1/business-calendars';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const mondays = [{ day: 'mon', start: '09:00', end: '17:00' }];
const body = {
  name: 'Lisbon desk',
  timeZone: 'Europe/Berlin',
  weeklyHours: mondays,
  holidays: null,
  closures: [
    { date: '2027-01-04', name: 'Inventory' },
    { date: '2026-12-24', name: 'Christmas Eve' },
  ],
};
const ics = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events, 'END:VCALENDAR'].join('\r\n');
const allDay = (uid: string, date: string, extra: string[] = []) =>
  ['BEGIN:VEVENT', `UID:${uid}`, `DTSTART;VALUE=DATE:${date}`, ...extra, 'END:VEVENT'].join('\r\n');

/** Writes to business calendars: what the audit log keeps, the refusals' messages, the year where the calendar is. */
describeEachDatabase('business calendar writes', (kind) => {
  const t = useTestApp(kind);
  let admin: Agent;

  beforeAll(async () => {
    // 23:30 UTC on New Year's Eve: already 2027 in Berlin, still 2026 in New York.
    t.clock.set('2026-12-31T23:30:00Z');
    admin = await signedInUser(t, { role: 'admin', name: 'Ada Admin' });
  });

  const create = async (payload: object) => {
    const created = await admin.request({ method: 'POST', url: base, payload });
    expect(created.statusCode).toBe(201);
    return created.json() as { id: string; closures: { date: string; name: string }[] };
  };
  const importIcs = (id: string, text: string) =>
    admin.request({ method: 'POST', url: `${base}/${id}/closures/import`, payload: { ics: text } });

  it('audits each write with the calendar before and after, under no partner', async () => {
    const { id } = await create(body);
    const stored = {
      ...body,
      closures: [
        { date: '2026-12-24', name: 'Christmas Eve' },
        { date: '2027-01-04', name: 'Inventory' },
      ],
    };
    const who = {
      partnerId: null,
      actorLabel: admin.user.email,
      actorUserId: admin.user.id,
      actorTokenId: null,
      subjectType: 'business_calendar',
      subjectId: id,
    };
    expect(await auditRowsAbout(t, id, 'business_calendar.created')).toEqual([
      { ...who, before: null, after: stored },
    ]);

    const replaced = await admin.request({
      method: 'PUT',
      url: `${base}/${id}`,
      payload: { ...body, name: 'Porto desk', holidays: { country: 'PT' }, closures: [] },
    });
    expect(replaced.statusCode).toBe(200);
    const after = { ...stored, name: 'Porto desk', holidays: { country: 'PT' }, closures: [] };
    expect(await auditRowsAbout(t, id, 'business_calendar.changed')).toEqual([
      { ...who, before: stored, after },
    ]);

    const teamDay = ics(allDay('a', '20270503', ['SUMMARY:Team day']));
    expect((await importIcs(id, teamDay)).json().added).toBe(1);
    t.clock.advance(60_000);
    // Nothing new the second time: no change stored, none audited.
    const again = (await importIcs(id, teamDay)).json();
    expect([again.added, again.calendar.updatedAt]).toEqual([0, '2026-12-31T23:30:00.000Z']);
    expect(await auditRowsAbout(t, id, 'business_calendar.closures_imported')).toEqual([
      { ...who, before: null, after: { added: [{ date: '2027-05-03', name: 'Team day' }] } },
    ]);

    expect((await admin.request({ method: 'DELETE', url: `${base}/${id}` })).statusCode).toBe(204);
    expect(await auditRowsAbout(t, id, 'business_calendar.removed')).toEqual([
      { ...who, before: { ...after, closures: [{ date: '2027-05-03', name: 'Team day' }] }, after: null },
    ]);
    t.clock.set('2026-12-31T23:30:00Z');
  });

  it('answers 404 naming the business calendar for an id that names none', async () => {
    const url = `${base}/${UNKNOWN_ID}`;
    const requests = [
      admin.request({ method: 'GET', url }),
      admin.request({ method: 'PUT', url, payload: body }),
      admin.request({ method: 'DELETE', url }),
      importIcs(UNKNOWN_ID, ics(allDay('a', '20270503'))),
    ];
    for (const request of requests)
      expect(await errorOf(request)).toMatchObject({ status: 404, message: 'business calendar not found' });
  });

  it('names every policy still using a calendar it refuses to delete, by name', async () => {
    const { id } = await create({ ...body, name: 'Shared hours' });
    for (const name of ['Zeta contract', 'Alpha contract']) {
      const policy = await admin.request({
        method: 'POST',
        url: '/api/v1/sla-policies',
        payload: { name, calendarId: id, priority: 'low', firstResponseMinutes: 60, resolutionMinutes: 600 },
      });
      expect(policy.statusCode).toBe(201);
    }
    expect(await errorOf(admin.request({ method: 'DELETE', url: `${base}/${id}` }))).toMatchObject({
      status: 409,
      message:
        'this calendar is used by the SLA policies "Alpha contract", "Zeta contract"; give them another calendar first',
    });
  });

  it('names the closure a repeated date repeats', async () => {
    const closures = [
      { date: '2027-05-03', name: 'Team day' },
      { date: '2027-05-04', name: 'Offsite' },
      { date: '2027-05-03', name: 'Again' },
    ];
    expect(
      await errorOf(admin.request({ method: 'POST', url: base, payload: { ...body, closures } })),
    ).toMatchObject({
      status: 400,
      field: 'closures.2.date',
      message: 'closures.2.date: repeats closures.0.date',
    });
  });

  it('imports up to 1000 closures in all, and refuses a file that would pass that', async () => {
    const first = Date.UTC(2030, 0, 1);
    const closures = Array.from({ length: 999 }, (_, i) => ({
      date: new Date(first + i * 86_400_000).toISOString().slice(0, 10),
      name: `Day ${i}`,
    }));
    const { id } = await create({ ...body, name: 'Nearly full', closures });
    const refused = await errorOf(
      importIcs(id, ics(allDay('a', '20350101'), allDay('b', '20350102'), allDay('c', '20300101'))),
    );
    expect(refused).toMatchObject({
      status: 400,
      field: 'ics',
      message: 'ics: would give the calendar more than 1000 closures',
    });
    const filled = await importIcs(id, ics(allDay('a', '20350101'), allDay('c', '20300101')));
    expect(filled.statusCode).toBe(200);
    expect(filled.json().added).toBe(1);
    expect(filled.json().calendar.closures).toHaveLength(1000);
    expect(filled.json().calendar.closures.at(-1)).toEqual({ date: '2035-01-01', name: 'Closed' });
  });

  it('takes this year where the calendar is: its closed days and the years a yearly closure is imported for', async () => {
    const berlin = await create({ ...body, name: 'Berlin desk' });
    const newYork = await create({ ...body, name: 'New York desk', timeZone: 'America/New_York' });
    const closedDays = async (id: string) =>
      (await admin.request({ method: 'GET', url: `${base}/${id}/closed-days` })).json();
    expect(await closedDays(berlin.id)).toEqual([{ date: '2027-01-04', name: 'Inventory' }]);
    expect(await closedDays(newYork.id)).toEqual([{ date: '2026-12-24', name: 'Christmas Eve' }]);

    const yearly = ics(allDay('y', '20150814', ['RRULE:FREQ=YEARLY', 'SUMMARY:Anniversary']));
    const dates = async (id: string) =>
      ((await importIcs(id, yearly)).json().calendar.closures as { date: string }[]).map((c) => c.date);
    expect(await dates(berlin.id)).toEqual([
      '2026-12-24',
      '2027-01-04',
      '2027-08-14',
      '2028-08-14',
      '2029-08-14',
    ]);
    expect(await dates(newYork.id)).toEqual([
      '2026-08-14',
      '2026-12-24',
      '2027-01-04',
      '2027-08-14',
      '2028-08-14',
    ]);
  });
});
