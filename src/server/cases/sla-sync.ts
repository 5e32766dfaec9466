import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { SlaTarget } from '../../shared/cases.js';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { cases, slaPolicies } from '../db/schema/index.js';
import { cancelJob, enqueueJob } from '../lib/jobs.js';
import { computeSla, type SlaState } from '../sla/case-clock.js';
import { policyFor } from '../sla/policy-match.js';
import { caseEventsOf } from './events.js';
import { historyOf } from './history.js';
import { type SlaAlertKind, slaAlertJob } from './sla-jobs.js';

const ALERTS = [
  ['warning', 'first_response'],
  ['breach', 'first_response'],
  ['warning', 'resolution'],
  ['breach', 'resolution'],
] as const satisfies readonly (readonly [SlaAlertKind, SlaTarget])[];

export const alertKey = (kind: SlaAlertKind, target: SlaTarget, caseId: string) =>
  `sla:${kind}:${target}:${caseId}`;

/**
 * Recomputes the case's SLA from its event log under the policy that now matches it, stores the result on the
 * row (for the queue) and moves its warning and breach timers to the new instants. Call it in the transaction of
 * every change that can move a clock, with the case row locked.
 */
export async function syncCaseSla(ctx: AppContext, tx: Queryable, caseId: string): Promise<SlaState | null> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId));
  if (!row) return null;
  const matched = await policyFor(tx, row);
  const events = await caseEventsOf(tx, caseId);
  if (!matched) {
    await tx.update(cases).set({ slaPolicyId: null, nextSlaDueAt: null }).where(eq(cases.id, caseId));
    await cancelJob(
      tx,
      ALERTS.map(([kind, target]) => alertKey(kind, target, caseId)),
    );
    return null;
  }
  const now = ctx.clock.now();
  const state = computeSla(historyOf(row, events), matched.policy, matched.calendar, now);
  await tx
    .update(cases)
    .set({
      slaPolicyId: matched.policy.id,
      firstResponseDueAt: state.firstResponseDueAt,
      firstResponseAt: state.firstResponseAt,
      resolutionDueAt: state.resolutionDueAt,
      resolvedAt: state.resolvedAt,
      slaPaused: state.paused,
      firstResponseBreached: state.firstResponseBreached,
      resolutionBreached: state.resolutionBreached,
      nextSlaDueAt: state.nextDueAt,
    })
    .where(eq(cases.id, caseId));

  const fired = new Set(
    events
      .filter((event) => event.type === 'sla_warning' || event.type === 'sla_breach')
      .map((event) => `${event.type}:${String(event.data.target)}`),
  );
  const firstResponsePending = !state.firstResponseAt && !state.resolvedAt;
  const resolutionRunning = !state.resolvedAt && !state.paused;
  const timers: [SlaAlertKind, SlaTarget, Date | null, boolean][] = [
    ['warning', 'first_response', state.firstResponseWarnAt, firstResponsePending],
    ['breach', 'first_response', state.firstResponseDueAt, firstResponsePending],
    ['warning', 'resolution', state.resolutionWarnAt, resolutionRunning],
    ['breach', 'resolution', state.resolutionDueAt, resolutionRunning],
  ];
  // Every timer is set afresh: cancelled in one statement, then the ones still due enqueued at their instants.
  await cancelJob(
    tx,
    ALERTS.map(([kind, target]) => alertKey(kind, target, caseId)),
  );
  for (const [kind, target, runAt, pending] of timers) {
    const key = alertKey(kind, target, caseId);
    const eventType = kind === 'warning' ? 'sla_warning' : 'sla_breach';
    if (!runAt || !pending || fired.has(`${eventType}:${target}`)) continue;
    await enqueueJob(tx, slaAlertJob(ctx), { caseId, kind, target }, { runAt, singletonKey: key });
  }
  return state;
}

/** After a calendar or policy edit: every case still in progress is recomputed under what now applies. */
export async function resyncOpenCases(
  ctx: AppContext,
  tx: Queryable,
  scope: { calendarId: string } | { all: true },
): Promise<number> {
  const unfinished = notInArray(cases.status, ['resolved', 'closed']);
  const affected =
    'calendarId' in scope
      ? await tx
          .select({ id: cases.id })
          .from(cases)
          .innerJoin(slaPolicies, eq(slaPolicies.id, cases.slaPolicyId))
          .where(and(unfinished, eq(slaPolicies.calendarId, scope.calendarId)))
      : await tx.select({ id: cases.id }).from(cases).where(unfinished);
  const ids = affected.map((row) => row.id);
  if (ids.length > 0)
    await tx.select({ id: cases.id }).from(cases).where(inArray(cases.id, ids)).for('update');
  for (const id of ids) await syncCaseSla(ctx, tx, id);
  return ids.length;
}
