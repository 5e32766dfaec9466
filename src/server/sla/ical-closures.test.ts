import { describe, expect, it } from 'vitest';
import { closuresFromIcs } from './ical-closures.js';

const window = { fromYear: 2027, toYear: 2029, maxDates: 100 };
const ics = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Switchboard tests//EN', ...events, 'END:VCALENDAR'].join(
    '\r\n',
  );
const event = (...lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'].join('\r\n');

describe('closuresFromIcs', () => {
  it('reads an all-day event as its date and a multi-day one as each date up to its exclusive end', () => {
    const text = ics(
      event('UID:a', 'DTSTART;VALUE=DATE:20270503', 'SUMMARY:Team day'),
      event('UID:b', 'DTSTART;VALUE=DATE:20271224', 'DTEND;VALUE=DATE:20271227', 'SUMMARY:Christmas break'),
      event('UID:c', 'DTSTART;VALUE=DATE:20270705', 'DURATION:P2D', 'SUMMARY:Summer  \\n outing'),
    );
    expect(closuresFromIcs(text, window)).toEqual({
      closures: [
        { date: '2027-05-03', name: 'Team day' },
        { date: '2027-07-05', name: 'Summer outing' },
        { date: '2027-07-06', name: 'Summer outing' },
        { date: '2027-12-24', name: 'Christmas break' },
        { date: '2027-12-25', name: 'Christmas break' },
        { date: '2027-12-26', name: 'Christmas break' },
      ],
    });
  });

  it('expands a yearly event over the window, with its excluded and moved occurrences', () => {
    const text = ics(
      event(
        'UID:anniversary',
        'DTSTART;VALUE=DATE:20200814',
        'RRULE:FREQ=YEARLY',
        'EXDATE;VALUE=DATE:20280814',
        'SUMMARY:Company anniversary',
      ),
      event(
        'UID:anniversary',
        'RECURRENCE-ID;VALUE=DATE:20270814',
        'DTSTART;VALUE=DATE:20270816',
        'SUMMARY:Company anniversary (moved)',
      ),
      // Another series must not pick up the exception above, though it falls on the same date.
      event('UID:other', 'DTSTART;VALUE=DATE:20260814', 'RRULE:FREQ=YEARLY;COUNT=2', 'SUMMARY:Other'),
    );
    expect(closuresFromIcs(text, window)).toEqual({
      closures: [
        { date: '2027-08-14', name: 'Other' },
        { date: '2027-08-16', name: 'Company anniversary (moved)' },
        { date: '2029-08-14', name: 'Company anniversary' },
      ],
    });
  });

  it('passes over timed events, keeps the first name of a date and names an unnamed day', () => {
    const text = ics(
      event('UID:m', 'DTSTART:20270510T100000Z', 'DTEND:20270510T120000Z', 'SUMMARY:Meeting'),
      event('UID:x', 'DTSTART;VALUE=DATE:20270601', 'SUMMARY:First'),
      event('UID:y', 'DTSTART;VALUE=DATE:20270601', 'SUMMARY:Second'),
      event('UID:z', 'DTSTART;VALUE=DATE:20270602'),
    );
    expect(closuresFromIcs(text, window)).toEqual({
      closures: [
        { date: '2027-06-01', name: 'First' },
        { date: '2027-06-02', name: 'Closed' },
      ],
    });
  });

  it('refuses text that is not an iCalendar file', () => {
    for (const text of ['hello', '', 'BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD']) {
      expect(closuresFromIcs(text, window)).toMatchObject({
        problem: expect.stringMatching(/^is not an iCal/),
      });
    }
    const broken = ics(event('UID:b', 'DTSTART:garbage'));
    expect(closuresFromIcs(broken, window)).toMatchObject({
      problem: expect.stringMatching(/cannot be read/),
    });
  });

  it('stops at the most dates it may add, however long the event', () => {
    const text = ics(event('UID:l', 'DTSTART;VALUE=DATE:20270101', 'DTEND;VALUE=DATE:30270101'));
    expect(closuresFromIcs(text, window)).toEqual({
      problem: 'names more than 100 closure dates; import a shorter range',
    });
    const daily = ics(event('UID:d', 'DTSTART;VALUE=DATE:20270101', 'RRULE:FREQ=DAILY'));
    const expanded = closuresFromIcs(daily, { ...window, maxDates: 2000 });
    expect('closures' in expanded && expanded.closures.length).toBe(365 + 366 + 365);
    const sinceLongAgo = ics(event('UID:d', 'DTSTART;VALUE=DATE:19000101', 'RRULE:FREQ=DAILY'));
    expect(closuresFromIcs(sinceLongAgo, { ...window, maxDates: 2000 })).toEqual({
      problem: 'recurs more than 20000 times up to 2029; import a shorter range',
    });
  });
});
