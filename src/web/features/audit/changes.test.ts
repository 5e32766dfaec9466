import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/en.json' with { type: 'json' };
import { actorText, describeChanges, type Formatters } from './changes.js';

const CONSULTANT = '0b9a3f0e-5d55-4c8e-9a43-1f6f0a3c2b11';
const GONE = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

describe('audit changes in words', () => {
  let f: Formatters;
  beforeAll(async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      lng: 'en',
      resources: { en: { translation: en } },
      interpolation: { escapeValue: false },
    });
    f = {
      t: i18n.t.bind(i18n),
      dateTime: (iso) => `local(${iso})`,
      number: (value) => value.toLocaleString('en'),
      language: 'en',
    };
  });

  const event = (before: unknown, after: unknown, subjectType = 'partner', names = {}) => ({
    subjectType,
    before,
    after,
    names,
  });

  it('lists only the fields that changed, labelled, with translated values and names for ids', () => {
    expect(
      describeChanges(
        event(
          { status: 'interested', consultantUserId: null },
          { status: 'integrating', consultantUserId: CONSULTANT },
          'partner',
          { [CONSULTANT]: 'Carla Consultant' },
        ),
        f,
      ),
    ).toEqual([
      { field: 'status', label: 'Status', before: 'Interested', after: 'Integrating' },
      { field: 'consultantUserId', label: 'Consultant', before: '—', after: 'Carla Consultant' },
    ]);
  });

  it('skips what a case change left alone and reads case states by their own names', () => {
    const changes = describeChanges(
      event(
        { status: 'open', priority: 'normal', assigneeUserId: null, queue: 'partner_support' },
        { status: 'open', priority: 'high', assigneeUserId: GONE, queue: 'partner_support' },
        'case',
      ),
      f,
    );
    expect(changes.map((c) => [c.label, c.before, c.after])).toEqual([
      ['Priority', 'Normal', 'High'],
      ['Assignee', '—', '(deleted)'],
    ]);
  });

  it('shows times in local words, minutes, lists by count, and hides ids nobody can open', () => {
    const changes = describeChanges(
      event(
        null,
        {
          pausedUntil: '2030-06-01T10:00:00.000Z',
          firstResponseMinutes: 60,
          closures: [{ date: '2030-12-24' }, { date: '2030-12-31' }],
          holidays: { country: 'DE', region: 'BE' },
          scope: 'partner_api',
          notificationId: 12,
          fromLead: GONE,
        },
        'sla_policy',
      ),
      f,
    );
    expect(changes.map((c) => [c.label, c.after])).toEqual([
      ['Resumes at', 'local(2030-06-01T10:00:00.000Z)'],
      ['First response', '60 min'],
      ['Closures', 'Entries: 2'],
      ['Public holidays', 'DE / BE'],
      ['Scope', 'Partner API'],
    ]);
    expect(changes.every((c) => c.before === undefined)).toBe(true);
  });

  it('spells out a field the translations do not know yet rather than showing its key', () => {
    expect(describeChanges(event({ dueSoonHours: 1 }, { dueSoonHours: 2 }), f)[0]?.label).toBe(
      'Due soon hours',
    );
  });

  it('names the actor: the person, a token, or the system', () => {
    expect(actorText({ actorName: 'Dana Admin', actorLabel: 'dana@example.test' }, f.t)).toBe('Dana Admin');
    expect(actorText({ actorName: null, actorLabel: 'token:ci' }, f.t)).toBe('API token “ci”');
    expect(actorText({ actorName: null, actorLabel: 'system' }, f.t)).toBe('Switchboard (automatic)');
    expect(actorText({ actorName: null, actorLabel: 'left@example.test' }, f.t)).toBe('left@example.test');
  });
});
