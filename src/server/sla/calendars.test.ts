import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';

const base = '/api/v1/business-calendars';
const weekdays = (start: string, end: string) =>
  (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start, end }));
const calendarBody = {
  name: 'Munich office',
  timeZone: 'Europe/Berlin',
  weeklyHours: weekdays('09:00', '17:00'),
  holidays: { country: 'DE', region: 'BY' },
  closures: [{ date: '2027-12-24', name: 'Christmas Eve' }],
};

/** Business calendars through the API: editing, checking, closed days, iCalendar import, and what cases see. */
describeEachDatabase('business calendars', (kind) => {
  const t = useTestApp(kind);
  let admin: Agent;
  let agent: Agent;

  beforeAll(async () => {
    admin = await signedInUser(t, { role: 'admin' });
    agent = await signedInUser(t, { role: 'support_agent' });
  });

  const create = (payload: object) => admin.request({ method: 'POST', url: base, payload });
  const listNames = async () =>
    (await agent.request({ method: 'GET', url: base })).json().map((c: { name: string }) => c.name);
  const auditActions = async () =>
    (await admin.request({ method: 'GET', url: '/api/v1/audit' }))
      .json()
      .map((e: { action: string; subjectId: string }) => `${e.action} ${e.subjectId}`);

  it('creates, reads, replaces, lists and deletes a calendar, auditing each write', async () => {
    expect(await listNames()).toEqual(['Partner support hours']);
    const created = await create({
      ...calendarBody,
      timeZone: 'europe/berlin',
      holidays: { country: 'de', region: 'BY' },
      weeklyHours: [
        { day: 'mon', start: '08:00', end: '12:00' },
        { day: 'mon', start: '13:00', end: '24:00' },
        { day: 'fri', start: '22:00', end: '06:00' },
      ],
      closures: [
        { date: '2027-12-31', name: 'New Year’s Eve' },
        { date: '2027-12-24', name: 'Christmas Eve' },
      ],
    });
    expect(created.statusCode).toBe(201);
    const calendar = created.json();
    expect(calendar).toMatchObject({
      name: 'Munich office',
      timeZone: 'Europe/Berlin',
      holidays: { country: 'DE', region: 'BY' },
      weeklyHours: [
        { day: 'mon', start: '08:00', end: '12:00' },
        { day: 'mon', start: '13:00', end: '24:00' },
        { day: 'fri', start: '22:00', end: '06:00' },
      ],
      closures: [
        { date: '2027-12-24', name: 'Christmas Eve' },
        { date: '2027-12-31', name: 'New Year’s Eve' },
      ],
    });
    const url = `${base}/${calendar.id}`;
    expect((await agent.request({ method: 'GET', url })).json()).toEqual(calendar);

    const replaced = await admin.request({
      method: 'PUT',
      url,
      payload: {
        ...calendarBody,
        name: 'Paris office',
        timeZone: 'Europe/Paris',
        holidays: null,
        closures: [],
      },
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({
      id: calendar.id,
      name: 'Paris office',
      timeZone: 'Europe/Paris',
      holidays: null,
      closures: [],
      weeklyHours: weekdays('09:00', '17:00'),
    });
    expect(await listNames()).toEqual(['Paris office', 'Partner support hours']);

    expect((await admin.request({ method: 'DELETE', url })).statusCode).toBe(204);
    expect((await agent.request({ method: 'GET', url })).statusCode).toBe(404);
    expect((await admin.request({ method: 'DELETE', url })).statusCode).toBe(404);
    expect(await listNames()).toEqual(['Partner support hours']);
    expect(await auditActions()).toEqual(
      expect.arrayContaining([
        `business_calendar.created ${calendar.id}`,
        `business_calendar.changed ${calendar.id}`,
        `business_calendar.removed ${calendar.id}`,
      ]),
    );
  });

  it('refuses a calendar that makes no sense with a 400 naming the field, and stores nothing', async () => {
    const [seeded] = (await agent.request({ method: 'GET', url: base })).json();
    const cases: [object, string][] = [
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ weeklyHours: [] }, 'weeklyHours'],
      [{ weeklyHours: [{ day: 'mon', start: '09:00', end: '09:00' }] }, 'weeklyHours.0.end'],
      [{ weeklyHours: [{ day: 'mon', start: '25:00', end: '26:00' }] }, 'weeklyHours.0.start'],
      [{ weeklyHours: [{ day: 'mon', start: '09:00', end: '24:01' }] }, 'weeklyHours.0.end'],
      [{ weeklyHours: [{ day: 'someday', start: '09:00', end: '17:00' }] }, 'weeklyHours.0.day'],
      [
        {
          weeklyHours: [
            { day: 'mon', start: '09:00', end: '12:00' },
            { day: 'mon', start: '11:00', end: '13:00' },
          ],
        },
        'weeklyHours.1',
      ],
      // Sunday night into Monday morning overlaps Monday's own hours.
      [
        {
          weeklyHours: [
            { day: 'mon', start: '00:00', end: '08:00' },
            { day: 'sun', start: '22:00', end: '01:00' },
          ],
        },
        'weeklyHours.1',
      ],
      [{ holidays: { country: 'XX' } }, 'holidays.country'],
      [{ holidays: { country: 'DEU' } }, 'holidays.country'],
      [{ holidays: { country: 'DE', region: 'ZZ' } }, 'holidays.region'],
      [{ closures: [{ date: '2027-02-30', name: 'Nope' }] }, 'closures.0.date'],
      [{ closures: [{ date: '2027-05-03', name: ' ' }] }, 'closures.0.name'],
      [
        {
          closures: [
            { date: '2027-05-03', name: 'Team day' },
            { date: '2027-05-03', name: 'Again' },
          ],
        },
        'closures.1.date',
      ],
    ];
    for (const [change, field] of cases) {
      const payload = { ...calendarBody, ...change };
      const created = await create(payload);
      expect([created.statusCode, created.json().error.field], JSON.stringify(change)).toEqual([400, field]);
      const replaced = await admin.request({ method: 'PUT', url: `${base}/${seeded.id}`, payload });
      expect([replaced.statusCode, replaced.json().error.field], JSON.stringify(change)).toEqual([
        400,
        field,
      ]);
    }
    expect((await create({ ...calendarBody, timeZone: 'Mars/Olympus_Mons' })).json().error).toMatchObject({
      reason: 'unknown_time_zone',
    });
    expect((await agent.request({ method: 'GET', url: base })).json()).toEqual([seeded]);
  });

  it('answers 409 naming the policy when a calendar in use is deleted', async () => {
    const [seeded] = (await agent.request({ method: 'GET', url: base })).json();
    const refused = await admin.request({ method: 'DELETE', url: `${base}/${seeded.id}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe(
      'this calendar is used by the SLA policy "Business hours (default)"; give them another calendar first',
    );
    expect((await agent.request({ method: 'GET', url: `${base}/${seeded.id}` })).statusCode).toBe(200);
  });

  it('lists the public holidays of the country and region and the closures of a year', async () => {
    const calendar = (await create(calendarBody)).json();
    const closedIn = async (id: string, year: number) =>
      (await agent.request({ method: 'GET', url: `${base}/${id}/closed-days?year=${year}` })).json();
    const bavaria = await closedIn(calendar.id, 2027);
    expect(bavaria).toEqual(
      expect.arrayContaining([
        { date: '2027-01-06', name: 'Heilige Drei Könige' },
        { date: '2027-03-29', name: 'Ostermontag' },
        { date: '2027-12-24', name: 'Christmas Eve' },
      ]),
    );
    // Public holidays only: Valentine's Day and New Year's Eve are observances in Germany.
    expect(bavaria.map((day: { date: string }) => day.date)).not.toContain('2027-02-14');
    expect(bavaria.map((day: { date: string }) => day.date)).not.toContain('2027-12-31');

    const france = (
      await create({ ...calendarBody, name: 'Paris', holidays: { country: 'FR' }, closures: [] })
    ).json();
    expect(await closedIn(france.id, 2027)).toContainEqual({
      date: '2027-07-14',
      name: 'Fête Nationale de la France',
    });

    // Without a year: the current one where the calendar is (the test clock starts in January 2026).
    const thisYear = (await agent.request({ method: 'GET', url: `${base}/${france.id}/closed-days` })).json();
    expect(thisYear[0]).toEqual({ date: '2026-01-01', name: 'Nouvel An' });
    const unknown = await agent.request({
      method: 'GET',
      url: `${base}/00000000-0000-4000-8000-000000000000/closed-days?year=2027`,
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('imports all-day, multi-day and yearly events from an iCalendar file as closures', async () => {
    const calendar = (await create({ ...calendarBody, name: 'Imported' })).json();
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Office//Closures//EN',
      'BEGIN:VEVENT',
      'UID:team-day',
      'DTSTART;VALUE=DATE:20270503',
      'SUMMARY:Team day',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:christmas',
      'DTSTART;VALUE=DATE:20271223',
      'DTEND;VALUE=DATE:20271226',
      'SUMMARY:Christmas break',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:anniversary',
      'DTSTART;VALUE=DATE:20150814',
      'RRULE:FREQ=YEARLY',
      'SUMMARY:Company anniversary',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:meeting',
      'DTSTART:20270510T080000Z',
      'DTEND:20270510T090000Z',
      'SUMMARY:All hands',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const url = `${base}/${calendar.id}/closures/import`;
    const imported = await admin.request({ method: 'POST', url, payload: { ics } });
    expect(imported.statusCode).toBe(200);
    // 24 December is already a closure; the clock is in 2026, so the anniversary lands in 2026 to 2028.
    expect(imported.json()).toMatchObject({
      added: 6,
      calendar: {
        id: calendar.id,
        closures: [
          { date: '2026-08-14', name: 'Company anniversary' },
          { date: '2027-05-03', name: 'Team day' },
          { date: '2027-08-14', name: 'Company anniversary' },
          { date: '2027-12-23', name: 'Christmas break' },
          { date: '2027-12-24', name: 'Christmas Eve' },
          { date: '2027-12-25', name: 'Christmas break' },
          { date: '2028-08-14', name: 'Company anniversary' },
        ],
      },
    });
    expect(imported.json().calendar.closures).toHaveLength(7);
    const again = await admin.request({ method: 'POST', url, payload: { ics } });
    expect(again.json()).toMatchObject({
      added: 0,
      calendar: { closures: imported.json().calendar.closures },
    });
    expect(await auditActions()).toContain(`business_calendar.closures_imported ${calendar.id}`);

    const notIcs = await admin.request({
      method: 'POST',
      url,
      payload: { ics: 'Dear team,\nwe close on Friday.' },
    });
    expect(notIcs.statusCode).toBe(400);
    expect(notIcs.json().error.field).toBe('ics');
  });

  it('lets any staff read calendars and only platform admins write them; partners get neither', async () => {
    const [seeded] = (await agent.request({ method: 'GET', url: base })).json();
    const url = `${base}/${seeded.id}`;
    for (const request of [
      { method: 'POST' as const, url: base, payload: calendarBody },
      { method: 'PUT' as const, url, payload: calendarBody },
      { method: 'DELETE' as const, url },
      { method: 'POST' as const, url: `${url}/closures/import`, payload: { ics: 'BEGIN:VCALENDAR' } },
    ]) {
      expect((await agent.request(request)).statusCode, `${request.method} ${request.url}`).toBe(403);
    }
    const partner = await buildPartner(t);
    const partnerAdmin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    for (const path of [base, url, `${url}/closed-days`]) {
      expect((await partnerAdmin.request({ method: 'GET', url: path })).statusCode, path).toBe(403);
    }
    expect(
      (await partnerAdmin.request({ method: 'POST', url: base, payload: calendarBody })).statusCode,
    ).toBe(403);
    expect((await agent.request({ method: 'GET', url: `${url}/closed-days?year=2027` })).statusCode).toBe(
      200,
    );
  });

  it('moves the due times of an open case counted in a calendar when the calendar changes', async () => {
    t.clock.set('2026-06-15T08:00:00Z'); // Monday 10:00 in Berlin; earlier sessions have expired
    const admin = await signedInUser(t, { role: 'admin' });
    const create = (payload: object) => admin.request({ method: 'POST', url: base, payload });
    const partner = await buildPartner(t);
    const calendar = (
      await create({ ...calendarBody, name: 'Partner hours', holidays: null, closures: [] })
    ).json();
    const policy = await admin.request({
      method: 'POST',
      url: '/api/v1/sla-policies',
      payload: {
        name: 'Partner contract',
        partnerId: partner.id,
        calendarId: calendar.id,
        firstResponseMinutes: 120,
        resolutionMinutes: 960,
      },
    });
    expect(policy.statusCode).toBe(201);
    const member = await signedInUser(t, { role: 'partner_member', partnerId: partner.id });
    const filed = await member.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/cases`,
      payload: { category: 'technical_support', subject: 'Menu sync', description: 'Prices are stale' },
    });
    expect(filed.statusCode).toBe(201);
    const caseUrl = `/api/v1/partners/${partner.id}/cases/${filed.json().id}`;
    const firstResponseDue = async () =>
      (await member.request({ method: 'GET', url: caseUrl })).json().sla.firstResponseDueAt;
    expect(await firstResponseDue()).toBe('2026-06-15T10:00:00.000Z');

    // Closed today after all: the two hours start on Tuesday at 09:00 in Berlin.
    const closed = await admin.request({
      method: 'PUT',
      url: `${base}/${calendar.id}`,
      payload: {
        ...calendarBody,
        name: 'Partner hours',
        holidays: null,
        closures: [{ date: '2026-06-15', name: 'Flood' }],
      },
    });
    expect(closed.statusCode).toBe(200);
    expect(await firstResponseDue()).toBe('2026-06-16T09:00:00.000Z');

    // An imported closure on Tuesday moves it on to Wednesday.
    const ics =
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20260616\r\nEND:VEVENT\r\nEND:VCALENDAR';
    const imported = await admin.request({
      method: 'POST',
      url: `${base}/${calendar.id}/closures/import`,
      payload: { ics },
    });
    expect(imported.json().added).toBe(1);
    expect(await firstResponseDue()).toBe('2026-06-17T09:00:00.000Z');
  });
});
