import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { valueAt } from '../../../tests/support/message-trees.js';
import { ERROR_REASONS, STATUS_BY_CODE } from '../../server/lib/errors.js';
import de from '../i18n/de.json' with { type: 'json' };
import en from '../i18n/en.json' with { type: 'json' };
import fr from '../i18n/fr.json' with { type: 'json' };
import i18n from '../i18n/index.js';
import { ApiError, describeError } from './errors.js';

describe('error translations', () => {
  const keys = [
    ...ERROR_REASONS.map((reason) => `errors.${reason}`),
    ...Object.keys(STATUS_BY_CODE).map((code) => `errors.code.${code}`),
    'errors.unreachable',
    'errors.unexpected',
  ];

  it.each([
    ['en', en],
    ['de', de],
    ['fr', fr],
  ])('%s has a message for every reason and code the server can send', (_language, resource) => {
    const missing = keys.filter((key) => typeof valueAt(resource, key) !== 'string');
    expect(missing).toEqual([]);
  });
});

describe('describeError', () => {
  // i18n/index.ts sets <html lang> when the language changes; tests run without a DOM.
  beforeAll(async () => {
    vi.stubGlobal('document', { documentElement: { lang: 'en' } });
    await i18n.changeLanguage('de');
  });
  afterAll(async () => {
    await i18n.changeLanguage('en');
    vi.unstubAllGlobals();
  });

  const refusal = (error: Partial<ConstructorParameters<typeof ApiError>[1]>) =>
    new ApiError(400, { code: 'validation', message: 'server words', ...error });

  it('phrases a reason in the language, with the form label and the parameters', () => {
    const error = refusal({ field: 'name', reason: 'too_long', params: { limit: 2000 } });
    expect(describeError(error, 'Name')).toEqual({ text: 'Name darf höchstens 2.000 Zeichen lang sein.' });
    expect(error.message).toBe('name darf höchstens 2.000 Zeichen lang sein.');
    expect(
      describeError(
        refusal({ field: 'locale', reason: 'not_allowed', params: { allowed: ['en', 'de', 'fr'] } }),
      ).text,
    ).toBe('locale muss en, de oder fr sein.');
  });

  it('keeps the server words beside a reason the SPA has no message for', () => {
    expect(describeError(refusal({ field: 'urgentCriterion', reason: 'invalid' }), 'Dringlichkeit')).toEqual({
      text: 'Dringlichkeit ist ungültig.',
      detail: 'server words',
    });
  });

  it('says the server cannot be reached when no answer came', () => {
    const error = ApiError.unreachable(new TypeError('Failed to fetch'));
    expect(error.status).toBe(0);
    expect(error.message).toBe(
      'Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    );
  });

  it('phrases other codes, and an answer that is not ours, without a field', () => {
    expect(describeError(new ApiError(409, { code: 'conflict', message: 'already a member' }))).toEqual({
      text: 'Das widerspricht dem aktuellen Stand. Bitte neu laden und erneut versuchen.',
      detail: 'already a member',
    });
    expect(describeError(new ApiError(429, { code: 'rate_limited', message: 'slow' }, 150)).text).toBe(
      'Zu viele Versuche. Bitte in 3 Minuten erneut versuchen.',
    );
    expect(describeError(new ApiError(502, { code: 'unknown', message: 'Bad Gateway' }))).toEqual({
      text: 'Unerwartete Antwort des Servers (HTTP 502). Bitte versuchen Sie es gleich noch einmal.',
      detail: 'Bad Gateway',
    });
  });
});
