import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../shared/locales.js';

export const isLocale = (value: unknown): value is Locale => (LOCALES as readonly unknown[]).includes(value);

/**
 * The language to start in before anyone signs in: the one chosen on this device, else the first of the
 * browser's languages that we have (de-AT → de), else English. A signed-in user's saved language replaces it.
 */
export function detectLanguage(stored: string | null, browserLanguages: readonly string[]): Locale {
  if (isLocale(stored)) return stored;
  for (const tag of browserLanguages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}
