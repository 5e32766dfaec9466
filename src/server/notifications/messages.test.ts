import { describe, expect, it } from 'vitest';
import { keysOf, placeholders, valueAt } from '../../../tests/support/message-trees.js';
import { CONTACT_ROLES } from '../../shared/contacts.js';
import { LOCALES } from '../../shared/locales.js';
import { PARTNER_ROLES } from '../../shared/roles.js';
import de from './messages/de.json' with { type: 'json' };
import en from './messages/en.json' with { type: 'json' };
import fr from './messages/fr.json' with { type: 'json' };
import { formatMoment, renderTemplate, TEMPLATES, translate } from './templates.js';

const SIGNATURES = {
  en: '— Switchboard, partner support',
  de: '— Switchboard, Partner-Support',
  fr: '— Switchboard, support partenaires',
} as const;

describe('mail messages', () => {
  const english = keysOf(en).sort();

  it.each([
    ['de', de],
    ['fr', fr],
  ])('%s has exactly the English keys, each translated with the same placeholders', (_language, resource) => {
    expect(keysOf(resource).sort()).toEqual(english);
    for (const key of english) {
      const translated = valueAt(resource, key);
      expect(typeof translated, key).toBe('string');
      expect(translated, key).not.toBe('');
      expect(placeholders(translated as string), key).toEqual(placeholders(valueAt(en, key) as string));
    }
  });

  it('has a subject and a body for every template, and a name for every role it mentions', () => {
    for (const template of TEMPLATES) {
      expect(Object.keys(valueAt(en, template) as object).sort(), template).toEqual(['body', 'subject']);
    }
    expect(Object.keys(en.roles).sort()).toEqual([...PARTNER_ROLES].sort());
    expect(Object.keys(en.contactRoles).sort()).toEqual([...CONTACT_ROLES].sort());
  });

  it('signs each mail in the language of its body', () => {
    const params = { partner: 'P', name: 'N', role: 'R' };
    for (const locale of LOCALES) {
      const { body } = renderTemplate('test_notification', locale, params);
      expect(body.endsWith(`\n\n${SIGNATURES[locale]}`), `${locale}: ${body}`).toBe(true);
    }
    expect(renderTemplate('test_notification', 'de', params)).toEqual({
      subject: 'Switchboard-Testbenachrichtigung für P',
      body: [
        'Hallo N,',
        '',
        'dies ist ein Test. Sie sind R von P. Wenn unser Monitoring Fehler in Ihrer Integration erkennt, erreichen Sie Nachrichten wie diese hier.',
        '',
        'Es ist nichts zu tun.',
        '',
        '— Switchboard, Partner-Support',
      ].join('\n'),
    });
  });

  it('states moments in the reader’s language and in UTC, and says when none is set', () => {
    const at = new Date('2026-03-02T14:30:00Z');
    expect(formatMoment('de', at)).toBe('02.03.2026, 14:30 UTC');
    expect(formatMoment('de', null)).toBe('nicht angegeben');
  });

  // Tests run with the English fallback off (see templates.ts), so a key lost from de/fr fails here and in
  // every test that renders it, instead of quietly mailing English.
  it('throws for a message missing in the requested language instead of falling back to English', () => {
    expect(() => translate('de', 'no_such_template.subject')).toThrow(
      'mail message "no_such_template.subject" is missing in de',
    );
    expect(translate('fr', 'roles.partner_admin')).toBe(fr.roles.partner_admin);
  });
});
