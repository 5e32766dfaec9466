import { and, inArray, ne } from 'drizzle-orm';
import type { UrgentCriterion } from '../../shared/cases.js';
import {
  HEALTH_SEVERITIES,
  type HealthArea,
  type HealthRule,
  type HealthSeverity,
} from '../../shared/health.js';
import type { Queryable } from '../db/client.js';
import { healthEscalations } from '../db/schema/index.js';

/** A partner's unresolved escalation, as an urgent case shows it to triage. */
export interface CaseHealthEscalation {
  id: string;
  number: number;
  area: HealthArea;
  severity: HealthSeverity;
  rules: HealthRule[];
  evidence: Record<string, unknown>;
  openedAt: Date;
}

export interface CaseHealth {
  escalations: CaseHealthEscalation[];
  /** A critical condition in the signals that is the very problem the partner reports: confirm in one click. */
  signalsConfirm: boolean;
}

const ORDER_ACTIONS: readonly HealthArea[] = ['action:checkout', 'action:submit_order'];

/**
 * Whether an escalation shows the urgent criterion the partner chose: the integration down is a hard-down action;
 * orders blocked is any critical condition on checkout or order submission; merchants unable to serve is the
 * merchants rule. Only critical conditions confirm: anything less is for triage to weigh.
 */
export function confirmsCriterion(criterion: UrgentCriterion, escalation: CaseHealthEscalation): boolean {
  if (escalation.severity !== 'critical') return false;
  if (criterion === 'integration_down')
    return escalation.area.startsWith('action:') && escalation.rules.includes('hard_down');
  if (criterion === 'orders_blocked') return ORDER_ACTIONS.includes(escalation.area);
  return escalation.area === 'merchants';
}

export function caseHealthOf(
  criterion: UrgentCriterion | null,
  escalations: CaseHealthEscalation[],
): CaseHealth {
  return {
    escalations,
    signalsConfirm: criterion !== null && escalations.some((e) => confirmsCriterion(criterion, e)),
  };
}

/** The unresolved escalations of each partner named, most severe first. */
export async function unresolvedEscalationsOf(
  q: Queryable,
  partnerIds: readonly string[],
): Promise<Map<string, CaseHealthEscalation[]>> {
  const byPartner = new Map<string, CaseHealthEscalation[]>();
  if (partnerIds.length === 0) return byPartner;
  const rows = await q
    .select()
    .from(healthEscalations)
    .where(
      and(
        inArray(healthEscalations.partnerId, [...new Set(partnerIds)]),
        ne(healthEscalations.status, 'resolved'),
      ),
    )
    .orderBy(healthEscalations.openedAt);
  rows.sort((a, b) => HEALTH_SEVERITIES.indexOf(a.severity) - HEALTH_SEVERITIES.indexOf(b.severity));
  for (const row of rows) {
    const list = byPartner.get(row.partnerId) ?? [];
    list.push({
      id: row.id,
      number: row.number,
      area: row.area,
      severity: row.severity,
      rules: row.rules,
      evidence: row.evidence,
      openedAt: row.openedAt,
    });
    byPartner.set(row.partnerId, list);
  }
  return byPartner;
}
