import type { Actor } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import type { Database, Queryable } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { defineJob, enqueueJob } from '../../lib/jobs.js';
import { disableIntegration } from '../../partners/integration.js';
import {
  appendEscalationEvent,
  type EscalationRow,
  findEscalationEvent,
  lockEscalationIfAny,
} from './row.js';

/*
 * Disabling the partner's integration from an escalation goes through the partner integration service, which
 * moves the state, audits it and tells the partner. That service opens its own transaction; handed the caller's,
 * Drizzle makes it a savepoint, so the state change, its audit and the escalation's timeline commit together.
 */
const within = (ctx: AppContext, tx: Queryable): AppContext => ({ ...ctx, db: tx as unknown as Database });

export async function disableFromEscalation(
  ctx: AppContext,
  tx: Queryable,
  row: EscalationRow,
  actor: Actor | null,
  reason: string,
): Promise<void> {
  await disableIntegration(within(ctx, tx), actor, row.partnerId, reason);
  await appendEscalationEvent(tx, ctx.clock, {
    escalationId: row.id,
    type: 'integration_disabled',
    actorId: actor?.kind === 'user' ? actor.user.id : null,
    detail: { reason, automatic: actor === null },
  });
}

const autoDisableKey = (escalationId: string) => `health-escalation-auto-disable:${escalationId}`;

/** Queued in the transaction that opened or joined a hard-down finding, when the settings ask for it. */
export async function setAutoDisableTimer(ctx: AppContext, q: Queryable, row: EscalationRow): Promise<void> {
  await enqueueJob(
    q,
    autoDisableJob(ctx),
    { escalationId: row.id },
    { runAt: ctx.clock.now(), singletonKey: autoDisableKey(row.id) },
  );
}

/** Disables the integration once per escalation, while it is unresolved; one already disabled stays as it is. */
export function autoDisableJob(ctx: AppContext) {
  return defineJob<{ escalationId: string }>({
    name: 'health.escalation-auto-disable',
    async handle({ escalationId }) {
      await ctx.db.transaction(async (tx) => {
        const row = await lockEscalationIfAny(tx, escalationId);
        if (!row || row.status === 'resolved') return;
        if (await findEscalationEvent(tx, row.id, ['integration_disabled'], {})) return;
        const reason = `Hard down: partner health escalation #${row.number} (${row.area})`;
        try {
          await tx.transaction((inner) => disableFromEscalation(ctx, inner, row, null, reason));
        } catch (error) {
          if (error instanceof AppError && error.code === 'conflict') return; // disabled already
          throw error;
        }
      });
    },
  });
}
