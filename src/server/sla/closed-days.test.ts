import { describe, expect, it } from 'vitest';
import type { HolidayRegion } from './calendar.js';
import { closedDays } from './closed-days.js';

const publicHolidaysOf = (holidays: HolidayRegion, year: number) =>
  closedDays({ holidays, closures: [] }, year);
const datesOf = (holidays: HolidayRegion, year: number) =>
  publicHolidaysOf(holidays, year).map((day) => day.date);

describe('closedDays', () => {
  it('lists the public holidays of Bavaria in 2027 (no observances, no bank holidays like Christmas Eve)', () => {
    expect(publicHolidaysOf({ country: 'DE', region: 'BY' }, 2027)).toEqual([
      { date: '2027-01-01', name: 'Neujahr' },
      { date: '2027-01-06', name: 'Heilige Drei Könige' },
      { date: '2027-03-26', name: 'Karfreitag' },
      { date: '2027-03-29', name: 'Ostermontag' },
      { date: '2027-05-01', name: 'Maifeiertag' },
      { date: '2027-05-06', name: 'Christi Himmelfahrt' },
      { date: '2027-05-17', name: 'Pfingstmontag' },
      { date: '2027-05-27', name: 'Fronleichnam' },
      { date: '2027-10-03', name: 'Tag der Deutschen Einheit' },
      { date: '2027-11-01', name: 'Allerheiligen' },
      { date: '2027-12-25', name: '1. Weihnachtstag' },
      { date: '2027-12-26', name: '2. Weihnachtstag' },
    ]);
  });

  it('lists the public holidays of France in 2027 (Pentecost Sunday and Mothers’ Day are observances)', () => {
    expect(publicHolidaysOf({ country: 'FR' }, 2027)).toEqual([
      { date: '2027-01-01', name: 'Nouvel An' },
      { date: '2027-03-29', name: 'Lundi de Pâques' },
      { date: '2027-05-01', name: 'Fête du travail' },
      { date: '2027-05-06', name: 'Ascension' },
      { date: '2027-05-08', name: 'Fête de la Victoire 1945' },
      { date: '2027-05-17', name: 'Lundi de Pentecôte' },
      { date: '2027-07-14', name: 'Fête Nationale de la France' },
      { date: '2027-08-15', name: 'Assomption' },
      { date: '2027-11-01', name: 'Toussaint' },
      { date: '2027-11-11', name: 'Armistice 1918' },
      { date: '2027-12-25', name: 'Noël' },
    ]);
  });

  it('closes 6 January in Bavaria only, not in all of Germany', () => {
    expect(datesOf({ country: 'DE', region: 'BY' }, 2026)).toContain('2026-01-06');
    expect(datesOf({ country: 'DE' }, 2026)).not.toContain('2026-01-06');
  });

  it('closes Good Friday in Germany and Alsace-Moselle (57, 67, 68), not in the rest of France', () => {
    expect(datesOf({ country: 'DE' }, 2026)).toContain('2026-04-03');
    expect(datesOf({ country: 'FR' }, 2026)).not.toContain('2026-04-03');
    for (const region of ['57', '67', '68'])
      expect(datesOf({ country: 'FR', region }, 2026)).toContain('2026-04-03');
  });

  it('keeps All Saints a Bavarian holiday but an observance in Germany as a whole', () => {
    expect(datesOf({ country: 'DE', region: 'BY' }, 2026)).toContain('2026-11-01');
    expect(datesOf({ country: 'DE' }, 2026)).not.toContain('2026-11-01');
  });

  it('adds closures, sorted among the holidays, one entry per date', () => {
    const closures = [
      { date: '2026-12-31', name: 'Year-end freeze' },
      { date: '2026-12-24', name: 'Christmas Eve' },
      { date: '2026-12-25', name: 'Office closed' },
      { date: '2026-12-24', name: 'Christmas Eve' },
      { date: '2027-01-04', name: 'Next year' },
    ];
    const december = closedDays({ holidays: { country: 'DE' }, closures }, 2026).filter((day) =>
      day.date.startsWith('2026-12'),
    );
    expect(december).toEqual([
      { date: '2026-12-24', name: 'Christmas Eve' },
      { date: '2026-12-25', name: '1. Weihnachtstag / Office closed' },
      { date: '2026-12-26', name: '2. Weihnachtstag' },
      { date: '2026-12-31', name: 'Year-end freeze' },
    ]);
  });

  it('lists only closures without holidays', () => {
    const closures = [
      { date: '2027-03-01', name: 'Move' },
      { date: '2027-01-02', name: 'Inventory' },
    ];
    expect(closedDays({ holidays: null, closures }, 2027)).toEqual([
      { date: '2027-01-02', name: 'Inventory' },
      { date: '2027-03-01', name: 'Move' },
    ]);
  });

  it('includes the days of a holiday that began the year before (Eswatini’s Incwala, 28 December to 2 January)', () => {
    expect(publicHolidaysOf({ country: 'SZ' }, 2027).slice(0, 2)).toEqual([
      { date: '2027-01-01', name: "Incwala / New Year's Day" },
      { date: '2027-01-02', name: 'Incwala' },
    ]);
  });

  it('gives each date of a public holiday lasting several days (Armenia’s New Year, 1–2 January)', () => {
    expect(datesOf({ country: 'AM' }, 2027).slice(0, 2)).toEqual(['2027-01-01', '2027-01-02']);
  });
});
