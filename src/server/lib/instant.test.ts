import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { parseInstant, toInstant } from './instant.js';

describe('parseInstant', () => {
  it.each([
    ['2030-12-31T23:59:59Z', '2030-12-31T23:59:59.000Z'],
    ['2030-12-31T23:59:59.5+01:00', '2030-12-31T22:59:59.500Z'],
    ['2028-02-29T00:00:00-05:30', '2028-02-29T05:30:00.000Z'],
    ['2030-04-30T10:00:00+23:59', '2030-04-29T10:01:00.000Z'],
    ['2030-01-31t10:00:00z', '2030-01-31T10:00:00.000Z'],
    ['2030-01-31 10:00:00.123456789Z', '2030-01-31T10:00:00.123Z'],
  ])('reads %s', (text, iso) => {
    expect(parseInstant(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2030-12-31T23:59:60Z',
    '2030-02-30T10:00:00Z',
    '2027-02-29T10:00:00Z',
    '2030-04-31T10:00:00Z',
    '2030-13-01T10:00:00Z',
    '2030-00-01T10:00:00Z',
    '2030-01-00T10:00:00Z',
    '2030-01-32T10:00:00Z',
    '2030-12-31T24:00:00Z',
    '2030-12-31T10:60:00Z',
    '2030-12-31T10:00:00+23:60',
    '2030-12-31T10:00:00.1234567890Z',
    '2030-12-31T10:00:00',
    '2030-12-31',
    'yesterday',
    '2030-12-31T10:00:00+24:00',
  ])('refuses %s', (text) => {
    expect(parseInstant(text)).toBeNull();
  });

  it('reads back every instant it writes', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0001-01-01Z'), max: new Date('9999-12-31Z'), noInvalidDate: true }),
        (date) => {
          expect(parseInstant(date.toISOString())?.getTime()).toBe(date.getTime());
        },
      ),
    );
  });

  it('fails a service input as a validation error naming its field', () => {
    expect(toInstant('from', '2030-12-31T10:00:00Z').toISOString()).toBe('2030-12-31T10:00:00.000Z');
    const error = (() => {
      try {
        toInstant('from', '2030-02-30T10:00:00Z');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect([(error as AppError).details.field, (error as AppError).message]).toEqual([
      'from',
      'from: is not an RFC 3339 date-time with a time zone',
    ]);
  });
});
