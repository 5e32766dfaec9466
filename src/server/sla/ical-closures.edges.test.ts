import { describe, expect, it } from 'vitest';
import { closuresFromIcs } from './ical-closures.js';

const window = { fromYear: 2027, toYear: 2029, maxDates: 100 };
const calendar = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Switchboard tests//EN', ...events, 'END:VCALENDAR'].join(
    '\r\n',
  );
const event = (...lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'].join('\r\n');
const dates = (read: ReturnType<typeof closuresFromIcs>) =>
  'closures' in read ? read.closures.map((c) => c.date) : read.problem;

describe('closuresFromIcs: limits', () => {
  it('takes exactly as many dates as it may add, and refuses one more', () => {
    const threeDays = calendar(event('UID:a', 'DTSTART;VALUE=DATE:20270503', 'DTEND;VALUE=DATE:20270506'));
    expect(dates(closuresFromIcs(threeDays, { ...window, maxDates: 3 }))).toEqual([
      '2027-05-03',
      '2027-05-04',
      '2027-05-05',
    ]);
    expect(closuresFromIcs(threeDays, { ...window, maxDates: 2 })).toEqual({
      problem: 'names more than 2 closure dates; import a shorter range',
    });
  });

  it('steps through 20000 occurrences, and refuses a rule that needs one more step', () => {
    const daily = (count: number) =>
      calendar(event('UID:d', 'DTSTART;VALUE=DATE:19000101', `RRULE:FREQ=DAILY;COUNT=${count}`));
    expect(closuresFromIcs(daily(19_999), window)).toEqual({ closures: [] });
    expect(closuresFromIcs(daily(20_000), window)).toEqual({
      problem: 'recurs more than 20000 times up to 2029; import a shorter range',
    });
  });
});

describe('closuresFromIcs: what counts', () => {
  it('reads a one-off event outside the window, and passes over an event without a start', () => {
    const text = calendar(event('UID:a', 'DTSTART;VALUE=DATE:20350102'), event('UID:b', 'SUMMARY:No start'));
    expect(dates(closuresFromIcs(text, window))).toEqual(['2035-01-02']);
  });

  it('expands a series given by RDATE, with its moved occurrence', () => {
    const text = calendar(
      event(
        'UID:r',
        'DTSTART;VALUE=DATE:20270301',
        'RDATE;VALUE=DATE:20270401,20270501',
        'SUMMARY:Stocktake',
      ),
      event('UID:r', 'RECURRENCE-ID;VALUE=DATE:20270401', 'DTSTART;VALUE=DATE:20270405', 'SUMMARY:Stocktake'),
    );
    // (ical.js leaves DTSTART itself out of a series given by RDATE alone; not pinned here.)
    const read = dates(closuresFromIcs(text, window));
    expect(read).toEqual(expect.arrayContaining(['2027-04-05', '2027-05-01']));
    expect(read).not.toContain('2027-04-01');
  });

  it('leaves out an occurrence moved past the window or made a timed event', () => {
    const text = calendar(
      event('UID:y', 'DTSTART;VALUE=DATE:20200814', 'RRULE:FREQ=YEARLY', 'SUMMARY:Anniversary'),
      event(
        'UID:y',
        'RECURRENCE-ID;VALUE=DATE:20290814',
        'DTSTART;VALUE=DATE:20300102',
        'SUMMARY:Anniversary',
      ),
      event('UID:y', 'RECURRENCE-ID;VALUE=DATE:20280814', 'DTSTART:20280814T100000Z', 'SUMMARY:Anniversary'),
    );
    expect(dates(closuresFromIcs(text, window))).toEqual(['2027-08-14']);
  });

  it('reads every calendar of a file that holds several', () => {
    const text = [
      calendar(event('UID:a', 'DTSTART;VALUE=DATE:20270503')),
      calendar(event('UID:b', 'DTSTART;VALUE=DATE:20270504')),
    ].join('\r\n');
    expect(dates(closuresFromIcs(text, window))).toEqual(['2027-05-03', '2027-05-04']);
  });

  it('says an empty text has no VCALENDAR', () => {
    expect(closuresFromIcs('', window)).toEqual({ problem: 'is not an iCalendar file (no VCALENDAR)' });
  });

  it('trims a name and cuts it at 200 characters', () => {
    const long = 'x'.repeat(205);
    const text = calendar(
      event('UID:a', 'DTSTART;VALUE=DATE:20270503', 'SUMMARY:  Team day  '),
      event('UID:b', 'DTSTART;VALUE=DATE:20270504', `SUMMARY:${long}`),
    );
    const read = closuresFromIcs(text, window);
    expect('closures' in read && read.closures.map((c) => c.name)).toEqual(['Team day', 'x'.repeat(200)]);
  });
});
