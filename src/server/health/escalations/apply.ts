import { and, inArray, ne } from 'drizzle-orm';
import type {
  EvidenceValue,
  Finding,
  HealthArea,
  HealthRule,
  HealthSeverity,
} from '../../../shared/health.js';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { healthEscalations } from '../../db/schema/index.js';
import type { EscalationAction, EscalationDecision } from '../escalation-state.js';
import { notificationPlan } from '../notification-plan.js';
import type { HealthRuleSettings } from '../rules/settings.js';
import { setAutoDisableTimer } from './integration.js';
import { sendResolutionNotices, startNotificationPlan, stopNotificationPlan } from './notices.js';
import {
  appendEscalationEvent,
  type EscalationRow,
  lockEscalationIfAny,
  newPlanId,
  updateEscalation,
} from './row.js';

/** An area's unresolved escalation as the evaluator hands it to decideEscalation. */
export interface AreaEscalation {
  id: string;
  status: 'open' | 'acknowledged' | 'suppressed';
  severity: HealthSeverity;
  rules: HealthRule[];
  clearSince: Date | null;
}

/** The partner's unresolved escalations by area. */
export async function currentEscalations(
  q: Queryable,
  partnerId: string,
): Promise<Map<HealthArea, AreaEscalation>> {
  return (await currentEscalationsOf(q, [partnerId])).get(partnerId) ?? new Map();
}

/** Each partner's unresolved escalations by area, in one statement. */
export async function currentEscalationsOf(
  q: Queryable,
  partnerIds: readonly string[],
): Promise<Map<string, Map<HealthArea, AreaEscalation>>> {
  const rows = await q
    .select({
      partnerId: healthEscalations.partnerId,
      id: healthEscalations.id,
      area: healthEscalations.area,
      status: healthEscalations.status,
      severity: healthEscalations.severity,
      rules: healthEscalations.rules,
      clearSince: healthEscalations.clearSince,
    })
    .from(healthEscalations)
    .where(
      and(inArray(healthEscalations.partnerId, [...partnerIds]), ne(healthEscalations.status, 'resolved')),
    );
  const result = new Map<string, Map<HealthArea, AreaEscalation>>();
  for (const { partnerId, area, status, ...row } of rows) {
    const own = result.get(partnerId) ?? new Map<HealthArea, AreaEscalation>();
    result.set(partnerId, own);
    own.set(area as HealthArea, { ...row, status: status as AreaEscalation['status'] });
  }
  return result;
}

export interface AppliedDecision {
  partnerId: string;
  area: HealthArea;
  current: AreaEscalation | null;
  decision: EscalationDecision;
  settings: HealthRuleSettings;
  now: Date;
}

type Found = Extract<EscalationAction, { findings: Finding[] }>;

const evidenceByRule = (findings: readonly Finding[]) =>
  Object.fromEntries(findings.map((f) => [f.rule, f.evidence])) as Record<
    string,
    Record<string, EvidenceValue>
  >;

/** Stores what decideEscalation decided, in the evaluator's transaction, and queues the notices. */
export async function applyEscalationDecision(
  ctx: AppContext,
  tx: Queryable,
  input: AppliedDecision,
): Promise<void> {
  const { action } = input.decision;
  const clearSince = input.decision.clearSince === null ? null : new Date(input.decision.clearSince);
  // Most evaluations change nothing: then there is nothing to lock either (only the evaluator, holding the
  // partner's state row, writes clearSince).
  if (action.kind === 'none' && input.current?.clearSince?.getTime() === clearSince?.getTime()) return;
  const row = input.current ? await lockEscalationIfAny(tx, input.current.id) : null;
  if (input.current && (!row || row.status === 'resolved')) return; // resolved meanwhile: the decision is moot
  if (action.kind === 'none') {
    if (row && row.clearSince?.getTime() !== clearSince?.getTime())
      await updateEscalation(tx, ctx.clock, row.id, { clearSince });
    return;
  }
  if (action.kind === 'resolve') {
    if (row) await resolveEscalation(ctx, tx, row, action.notify, input.now);
    return;
  }
  const opened =
    action.kind === 'join' && row
      ? await joinEscalation(ctx, tx, row, action, input)
      : await openEscalation(ctx, tx, row, action, input);
  const hardDown = action.findings.some((f) => f.rule === 'hard_down');
  if (hardDown && input.settings.hardDown.autoDisableIntegration && opened.status !== 'suppressed')
    await setAutoDisableTimer(ctx, tx, opened);
}

/** A new escalation, or a suppressed one becoming active (the unique index holds one unresolved per area). */
async function openEscalation(
  ctx: AppContext,
  tx: Queryable,
  row: EscalationRow | null,
  action: Found,
  input: AppliedDecision,
): Promise<EscalationRow> {
  const suppressed = action.kind === 'suppress';
  const fields = {
    status: suppressed ? ('suppressed' as const) : ('open' as const),
    severity: action.severity,
    rules: action.rules,
    evidence: evidenceByRule(action.findings),
    planId: newPlanId(),
    planStartedAt: input.now,
    clearSince: null,
  };
  const opened = row
    ? await updateEscalation(tx, ctx.clock, row.id, fields)
    : await insertEscalation(tx, input, fields);
  const plan = suppressed ? null : notificationPlan(action.severity, input.settings.escalation);
  await appendEscalationEvent(tx, ctx.clock, {
    escalationId: opened.id,
    type: suppressed ? 'suppressed' : 'opened',
    detail: {
      severity: action.severity,
      findings: action.findings,
      ...(plan ? { planId: opened.planId, plan } : {}),
      ...(row ? { wasSuppressed: true } : {}),
    },
  });
  if (plan && action.notify) await startNotificationPlan(ctx, tx, opened, plan);
  return opened;
}

async function insertEscalation(
  tx: Queryable,
  input: AppliedDecision,
  fields: Omit<typeof healthEscalations.$inferInsert, 'partnerId' | 'area' | 'openedAt' | 'updatedAt'>,
): Promise<EscalationRow> {
  const [row] = await tx
    .insert(healthEscalations)
    .values({
      partnerId: input.partnerId,
      area: input.area,
      openedAt: input.now,
      updatedAt: input.now,
      ...fields,
    })
    .returning();
  if (!row) throw new Error('escalation insert returned nothing');
  return row;
}

/**
 * New evidence on the escalation. A raise that notifies replaces the plan: a new planId (the old plan's timers
 * find another id and do nothing) starting now, and a raised escalation needs a new acknowledgement.
 */
async function joinEscalation(
  ctx: AppContext,
  tx: Queryable,
  row: EscalationRow,
  action: Extract<EscalationAction, { kind: 'join' }>,
  input: AppliedDecision,
): Promise<EscalationRow> {
  const restart = action.notify;
  const joined = await updateEscalation(tx, ctx.clock, row.id, {
    severity: action.severity,
    rules: action.rules,
    evidence: { ...row.evidence, ...evidenceByRule(action.findings) },
    clearSince: null,
    ...(restart
      ? {
          status: 'open',
          planId: newPlanId(),
          planStartedAt: input.now,
          acknowledgedAt: null,
          acknowledgedBy: null,
          acknowledgedByContact: null,
        }
      : {}),
  });
  const plan = restart ? notificationPlan(action.severity, input.settings.escalation) : null;
  await appendEscalationEvent(tx, ctx.clock, {
    escalationId: row.id,
    type: action.raised ? 'raised' : 'evidence',
    detail: {
      severity: action.severity,
      ...(action.raised ? { from: row.severity } : {}),
      findings: action.findings,
      ...(plan ? { planId: joined.planId, plan } : {}),
    },
  });
  if (plan) {
    await stopNotificationPlan(tx, row.id);
    await startNotificationPlan(ctx, tx, joined, plan);
  }
  return joined;
}

async function resolveEscalation(
  ctx: AppContext,
  tx: Queryable,
  row: EscalationRow,
  notify: boolean,
  now: Date,
): Promise<void> {
  const resolved = await updateEscalation(tx, ctx.clock, row.id, {
    status: 'resolved',
    resolvedAt: now,
    clearSince: null,
  });
  await appendEscalationEvent(tx, ctx.clock, {
    escalationId: row.id,
    type: 'resolved',
    detail: { clearSince: row.clearSince, notify },
  });
  await stopNotificationPlan(tx, row.id);
  if (notify) await sendResolutionNotices(ctx, tx, resolved);
}
