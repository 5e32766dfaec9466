import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LOCALE, type Locale } from '../../shared/locales.js';
import de from './de.json' with { type: 'json' };
import { detectLanguage } from './detect.js';
import en from './en.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };

export const resources = { en: { translation: en }, de: { translation: de }, fr: { translation: fr } };

export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', de: 'Deutsch', fr: 'Français' };

/** Where this device remembers a language picked by hand (a private window may refuse storage). */
const CHOSEN_LANGUAGE = 'switchboard.language';

function storedLanguage(): string | null {
  try {
    return globalThis.localStorage?.getItem(CHOSEN_LANGUAGE) ?? null;
  } catch {
    return null;
  }
}

/** Switches the UI and remembers the choice on this device, for the sign-in and other public pages. */
export function chooseLanguage(locale: Locale) {
  try {
    globalThis.localStorage?.setItem(CHOSEN_LANGUAGE, locale);
  } catch {
    // Not remembered; the switch still applies to this visit.
  }
  return i18next.changeLanguage(locale);
}

const setDocumentLanguage = (language: string) => {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
};

void i18next.use(initReactI18next).init({
  resources,
  lng: detectLanguage(storedLanguage(), globalThis.navigator?.languages ?? []),
  fallbackLng: DEFAULT_LOCALE,
  interpolation: { escapeValue: false },
});
setDocumentLanguage(i18next.language);
i18next.on('languageChanged', setDocumentLanguage);

export default i18next;
