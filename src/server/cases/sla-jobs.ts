import { eq } from 'drizzle-orm';
import type { SlaTarget } from '../../shared/cases.js';
import type { AppContext } from '../context.js';
import { cases } from '../db/schema/index.js';
import { defineJob } from '../lib/jobs.js';
import { translate } from '../notifications/templates.js';
import { computeSla } from '../sla/case-clock.js';
import { policyFor } from '../sla/policy-match.js';
import { appendCaseEvent, caseEventsOf } from './events.js';
import { historyOf } from './history.js';
import { dueParam, mailAboutCase, staffRecipients } from './notify.js';

export type SlaAlertKind = 'warning' | 'breach';

export interface SlaAlert {
  caseId: string;
  kind: SlaAlertKind;
  target: SlaTarget;
}

/**
 * Fires an SLA warning or breach once. The timer was set for the instant computed when the case last changed;
 * the handler recomputes, and does nothing if the target was met, is paused, or moved later (a newer timer is
 * queued for the new instant), or if this alert was already recorded (a repeated run after a crash).
 */
export function slaAlertJob(ctx: AppContext) {
  return defineJob<SlaAlert>({
    name: 'cases.sla-alert',
    async handle({ caseId, kind, target }) {
      await ctx.db.transaction(async (tx) => {
        const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
        if (!row) return;
        const matched = await policyFor(tx, row);
        if (!matched) return;
        const events = await caseEventsOf(tx, caseId);
        const eventType = kind === 'warning' ? 'sla_warning' : 'sla_breach';
        if (events.some((event) => event.type === eventType && event.data.target === target)) return;
        const now = ctx.clock.now();
        const state = computeSla(historyOf(row, events), matched.policy, matched.calendar, now);
        const pending =
          target === 'first_response'
            ? !state.firstResponseAt && !state.resolvedAt
            : !state.resolvedAt && !state.paused;
        const due = target === 'first_response' ? state.firstResponseDueAt : state.resolutionDueAt;
        const firesAt =
          kind === 'breach'
            ? due
            : target === 'first_response'
              ? state.firstResponseWarnAt
              : state.resolutionWarnAt;
        if (!pending || !firesAt || firesAt > now) return;
        // A warning that comes due together with (or after) its breach is noise: the breach says it all.
        if (kind === 'warning' && due && due <= now) return;

        await appendCaseEvent(tx, ctx.clock, {
          caseId,
          actor: null,
          type: eventType,
          internal: true,
          data: { target, dueAt: due?.toISOString() ?? null },
        });
        if (kind === 'breach') {
          await tx
            .update(cases)
            .set(target === 'first_response' ? { firstResponseBreached: true } : { resolutionBreached: true })
            .where(eq(cases.id, caseId));
        }
        // Partners never get SLA warnings or breaches: these go to staff only.
        await mailAboutCase(
          ctx,
          tx,
          row,
          await staffRecipients(tx, row),
          kind === 'warning' ? 'case_sla_warning' : 'case_sla_breach',
          (recipient) => ({
            ...dueParam(recipient, due),
            target: translate(recipient.locale, `slaTargets.${target}`),
          }),
        );
      });
    },
  });
}
