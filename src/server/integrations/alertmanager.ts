import type { Severity } from '../../shared/oncall.js';
import type { AppContext } from '../context.js';
import { serviceForKey } from '../escalation/services.js';
import { notFound } from '../lib/errors.js';
import { sha256 } from '../lib/secrets.js';
import { triggerPage } from '../pages/open-page.js';
import { lockPage } from '../pages/page-row.js';
import { resolvePage } from '../pages/transitions.js';
import { DEDUP_KEY_MAX, SUMMARY_MAX } from './events-check.js';
import { openPageWithDedupKey } from './queries.js';

type Labels = Record<string, string>;

/** Alertmanager's webhook body (version 4), as its `notify/webhook` package sends it. */
export interface AlertmanagerMessage {
  version?: string;
  groupKey: string;
  status: 'firing' | 'resolved';
  receiver?: string;
  groupLabels?: Labels;
  commonLabels?: Labels;
  commonAnnotations?: Labels;
  externalURL?: string;
  alerts: {
    status: 'firing' | 'resolved';
    labels: Labels;
    annotations?: Labels;
    startsAt?: string;
    endsAt?: string;
    generatorURL?: string;
    fingerprint?: string;
  }[];
  truncatedAlerts?: number;
}

/** The `severity` label's usual spellings (Prometheus rules, PagerDuty's and Opsgenie's levels). */
const SEVERITY_BY_LABEL: Record<string, Severity> = {
  critical: 'critical',
  crit: 'critical',
  page: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  p1: 'critical',
  error: 'error',
  err: 'error',
  high: 'error',
  major: 'error',
  p2: 'error',
  warning: 'warning',
  warn: 'warning',
  medium: 'warning',
  minor: 'warning',
  p3: 'warning',
  info: 'info',
  informational: 'info',
  notice: 'info',
  low: 'info',
  none: 'info',
  p4: 'info',
  p5: 'info',
};

/** A group with no (or an unknown) severity label pages as critical: an alert routed here is meant to wake someone. */
export function severityOf(labels: Labels = {}): Severity {
  return SEVERITY_BY_LABEL[(labels.severity ?? '').trim().toLowerCase()] ?? 'critical';
}

/** The group's summary annotation, else its alert name with the labels the group shares. */
export function titleOf(message: AlertmanagerMessage): string {
  const summary = message.commonAnnotations?.summary?.trim();
  if (summary) return summary.slice(0, SUMMARY_MAX);
  const { alertname, ...rest } = message.commonLabels ?? {};
  const labels = Object.entries(rest)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  const name = alertname?.trim() || message.alerts[0]?.labels.alertname || 'Alertmanager alert';
  return (labels ? `${name} (${labels})` : name).slice(0, SUMMARY_MAX);
}

function detailsOf(message: AlertmanagerMessage): Record<string, unknown> {
  return {
    groupKey: message.groupKey,
    receiver: message.receiver ?? null,
    externalURL: message.externalURL ?? null,
    groupLabels: message.groupLabels ?? {},
    commonLabels: message.commonLabels ?? {},
    commonAnnotations: message.commonAnnotations ?? {},
    alerts: message.alerts.map((alert) => ({
      status: alert.status,
      labels: alert.labels,
      annotations: alert.annotations ?? {},
      startsAt: alert.startsAt ?? null,
      ...(alert.status === 'resolved' ? { endsAt: alert.endsAt ?? null } : {}),
      generatorURL: alert.generatorURL ?? null,
      fingerprint: alert.fingerprint ?? null,
    })),
    truncatedAlerts: message.truncatedAlerts ?? 0,
  };
}

/**
 * The page's dedup key: the group key itself, or for a group key too long to index (group_by over long label
 * values) its SHA-256; the group key as sent is kept in the page's details either way.
 */
export function dedupKeyOf(groupKey: string): string {
  return groupKey.length <= DEDUP_KEY_MAX ? groupKey : `sha256:${sha256(groupKey)}`;
}

/**
 * One page per alert group: a firing notification opens the group's page or updates the open one (no new
 * notification), a resolved one resolves it. Alertmanager retries until it gets a 2xx, so a resolve with no open
 * page is accepted and does nothing.
 */
export async function receiveAlertmanager(ctx: AppContext, key: string, message: AlertmanagerMessage) {
  return ctx.db.transaction(async (tx) => {
    const serviceId = await serviceForKey(tx, key, 'alertmanager');
    if (!serviceId) throw notFound('integration');
    if (message.status === 'firing') {
      const page = await triggerPage(ctx, tx, {
        serviceId,
        title: titleOf(message),
        source: message.externalURL || 'alertmanager',
        severity: severityOf(message.commonLabels),
        details: detailsOf(message),
        dedupKey: dedupKeyOf(message.groupKey),
        via: 'alertmanager',
      });
      return { id: page.id, number: page.number, status: page.status };
    }
    const pageId = await openPageWithDedupKey(tx, serviceId, dedupKeyOf(message.groupKey));
    if (!pageId || (await lockPage(tx, pageId)).status === 'resolved') return null;
    const page = await resolvePage(ctx, tx, pageId, { userId: null, via: 'alertmanager' });
    return { id: page.id, number: page.number, status: page.status };
  });
}
