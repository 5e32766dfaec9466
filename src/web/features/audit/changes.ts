import type { TFunction } from 'i18next';
import type { AuditEvent } from '../../api/types.js';

/** One field of an audit row as people read it: its label and the value before and/or after, in words. */
export interface FieldChange {
  field: string;
  label: string;
  before?: string;
  after?: string;
}

export interface Formatters {
  t: TFunction;
  dateTime: (iso: string) => string;
  number: (value: number) => string;
  language: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** Ids of things nobody can open from the log (a mail, a lead): their presence says nothing to a reader. */
const HIDDEN = new Set(['notificationId', 'fromLead']);

/** Fields holding one of a fixed set of values, by the translation prefix that names them. */
function enumPrefix(field: string, subjectType: string): string | null {
  switch (field) {
    case 'status':
      return subjectType === 'case' ? 'caseStatus' : 'partnerStatus';
    case 'role':
      return subjectType === 'contact' ? 'contactRoles' : 'roles';
    case 'integrationState':
      return 'integrationState';
    case 'priority':
      return 'casePriority';
    case 'queue':
      return 'caseQueue';
    case 'category':
      return 'caseCategories';
    case 'urgentCriterion':
      return 'urgentCriteria';
    case 'scope':
      return 'audit.scopes';
    default:
      return null;
  }
}

const asRecord = (value: unknown): Record<string, unknown> | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** A value in words: names for ids, local times, translated states, counts for lists; never JSON. */
function valueText(
  field: string,
  value: unknown,
  event: Pick<AuditEvent, 'subjectType' | 'names'>,
  f: Formatters,
): string {
  const { t } = f;
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return t(value ? 'audit.values.yes' : 'audit.values.no');
  if (typeof value === 'number')
    return field.endsWith('Minutes') ? t('audit.values.minutes', { count: value }) : f.number(value);
  if (Array.isArray(value)) return t('audit.values.entries', { count: value.length });
  const record = asRecord(value);
  if (record) {
    const parts = Object.values(record).filter(
      (part) => typeof part === 'string' || typeof part === 'number',
    );
    return parts.length > 0 ? parts.join(' / ') : t('audit.values.changed');
  }
  const text = String(value);
  const named = event.names[text];
  if (named) return named;
  if (UUID.test(text)) return t('audit.values.removed');
  if (INSTANT.test(text) && !Number.isNaN(Date.parse(text))) return f.dateTime(text);
  const prefix = enumPrefix(field, event.subjectType);
  if (prefix) return t(`${prefix}.${text}`, { defaultValue: text });
  if (field === 'locale') return new Intl.DisplayNames([f.language], { type: 'language' }).of(text) ?? text;
  return text;
}

/** "firstResponseMinutes" → "First response minutes", for a field the translations do not name yet. */
const spelledOut = (field: string) => {
  const words = field.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What an audit row changed, field by field: with both sides, only the fields that differ (before → after);
 * a creation lists what was set, a removal what was there.
 */
export function describeChanges(
  event: Pick<AuditEvent, 'subjectType' | 'before' | 'after' | 'names'>,
  f: Formatters,
): FieldChange[] {
  const before = asRecord(event.before);
  const after = asRecord(event.after);
  const fields = [...new Set([...Object.keys(after ?? {}), ...Object.keys(before ?? {})])];
  return fields
    .filter((field) => !HIDDEN.has(field))
    .filter(
      (field) => !(before && after && field in before && field in after && same(before[field], after[field])),
    )
    .map((field) => ({
      field,
      label: f.t(`audit.fields.${field}`, { defaultValue: spelledOut(field) }),
      ...(before && field in before ? { before: valueText(field, before[field], event, f) } : {}),
      ...(after && field in after ? { after: valueText(field, after[field], event, f) } : {}),
    }));
}

/** Who acted: the person's name, else the token or the recorded address; the system in words. */
export function actorText(event: Pick<AuditEvent, 'actorName' | 'actorLabel'>, t: TFunction): string {
  if (event.actorName) return event.actorName;
  if (event.actorLabel === 'system') return t('audit.system');
  if (event.actorLabel.startsWith('token:'))
    return t('audit.token', { name: event.actorLabel.slice('token:'.length) });
  return event.actorLabel;
}
