import i18next from 'i18next';
import { DEFAULT_LOCALE, type Locale } from '../../shared/locales.js';
import de from './messages/de.json' with { type: 'json' };
import en from './messages/en.json' with { type: 'json' };
import fr from './messages/fr.json' with { type: 'json' };

export const TEMPLATES = [
  'invite',
  'invite_existing_account',
  'test_notification',
  'integration_paused',
  'integration_resumed',
  'integration_resume_reminder',
  'integration_disabled',
  'integration_enabled',
  'consultant_question',
  'case_created',
  'case_urgent_received',
  'case_staff_reply',
  'case_waiting',
  'case_resolved',
  'case_triage_confirmed',
  'case_triage_downgraded',
  'case_urgent_new',
  'case_partner_reply',
  'case_sla_warning',
  'case_sla_breach',
  'page_triggered',
  'health_escalation_opened',
  'health_escalation_raised',
  'health_escalation_reminder',
  'health_escalation_resolved',
] as const;
export type TemplateName = (typeof TEMPLATES)[number];
export type TemplateParams = Record<string, string>;

/*
 * A recipient gets English rather than nothing when their language lacks a message. Under Vitest that fallback
 * would hide the bug (an English signature under a German mail passes any test), so there a message missing in
 * the requested language throws instead.
 */
const failOnMissingMessage = Boolean(process.env.VITEST);

// Plain text mail: nothing is HTML-escaped, and missing params show as the key so a bug is visible, not blank.
const messages = i18next.createInstance();
void messages.init({
  resources: { en: { translation: en }, de: { translation: de }, fr: { translation: fr } },
  lng: DEFAULT_LOCALE,
  fallbackLng: failOnMissingMessage ? false : DEFAULT_LOCALE,
  saveMissing: failOnMissingMessage,
  missingKeyHandler: (languages, _namespace, key) => {
    throw new Error(`mail message "${key}" is missing in ${[languages].flat().join(', ')}`);
  },
  initAsync: false,
  interpolation: { escapeValue: false },
});

export function translate(locale: Locale, key: string, params: TemplateParams = {}): string {
  return messages.t(key, { lng: locale, ...params });
}

export function renderTemplate(template: TemplateName, locale: Locale, params: TemplateParams) {
  return {
    subject: translate(locale, `${template}.subject`, params),
    body: `${translate(locale, `${template}.body`, params)}\n\n${translate(locale, 'signature')}`,
  };
}

/** A point in time as recipients read it: their language, UTC stated so nobody guesses the zone. */
export function formatMoment(locale: Locale, at: Date | null): string {
  if (!at) return translate(locale, 'notSet');
  const text = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(at);
  return `${text} UTC`;
}
