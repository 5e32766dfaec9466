import type { EvidenceValue, HealthArea } from '../../../shared/health.js';
import type { Locale } from '../../../shared/locales.js';
import type { ContactMessage } from '../../notifications/contact-channel.js';
import { formatMoment, type TemplateName, translate } from '../../notifications/templates.js';
import type { EscalationView } from './queries.js';

export type NoticeKind = 'opened' | 'raised' | 'reminder' | 'resolved';

const TEMPLATE: Record<NoticeKind, TemplateName> = {
  opened: 'health_escalation_opened',
  raised: 'health_escalation_raised',
  reminder: 'health_escalation_reminder',
  resolved: 'health_escalation_resolved',
};
// A raise starts the plan over like an opening; integrations tell them apart by `reason`.
const EVENT: Record<NoticeKind, string> = {
  opened: 'health_escalation.opened',
  raised: 'health_escalation.opened',
  reminder: 'health_escalation.reminder',
  resolved: 'health_escalation.resolved',
};

const MAX_EVIDENCE_RULES = 4;
const MAX_EVIDENCE_FIELDS = 6;

const areaKey = (area: HealthArea) => `healthAreas.${area.replace(':', '_')}`;

function formatValue(value: EvidenceValue): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(+value.toFixed(4));
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The numbers that tripped each rule, a line per rule, as many as a mail should hold. */
export function evidenceLines(evidence: EscalationView['evidence']): string {
  return Object.entries(evidence)
    .slice(0, MAX_EVIDENCE_RULES)
    .map(([rule, fields]) => {
      const shown = Object.entries(fields)
        .slice(0, MAX_EVIDENCE_FIELDS)
        .map(([key, value]) => `${key}=${formatValue(value)}`);
      return `- ${rule}: ${shown.join(', ')}`;
    })
    .join('\n');
}

export interface NoticeInput {
  kind: NoticeKind;
  escalation: EscalationView;
  locale: Locale;
  /** Minutes since the plan started, for a reminder. */
  minutes?: number;
  acknowledge?: { url: string; expiresAt: Date };
}

/** The mail in the contact's language and the webhook body, for one notice to one contact. */
export function noticeMessage(input: NoticeInput): ContactMessage {
  const { escalation: e, locale } = input;
  return {
    template: TEMPLATE[input.kind],
    params: {
      number: String(e.number),
      partner: e.partnerName,
      area: translate(locale, areaKey(e.area)),
      severity: translate(locale, `healthSeverities.${e.severity}`),
      evidence: evidenceLines(e.evidence),
      minutes: String(input.minutes ?? 0),
      healthLink: e.healthUrl,
      acknowledgeLink: input.acknowledge?.url ?? '',
      expires: formatMoment(locale, input.acknowledge?.expiresAt ?? null),
    },
    event: EVENT[input.kind],
    payload: {
      reason: input.kind,
      escalation: e,
      ...(input.acknowledge ? { acknowledgeUrl: input.acknowledge.url } : {}),
    },
  };
}
