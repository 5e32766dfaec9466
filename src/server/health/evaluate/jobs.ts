import { and, eq, gt, lte, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { healthPartnerState } from '../../db/schema/index.js';
import { MINUTE } from '../../lib/clock.js';
import { defineJob, enqueueJob, recurringRun } from '../../lib/jobs.js';
import { evaluatePartner } from './evaluate-partner.js';

const NAME = 'health.evaluate';

/**
 * How soon after a batch its partners are evaluated: batches arriving meanwhile share the run. Five seconds keeps
 * an outage's first notice well inside 30 s while an evaluation of 50 busy partners (about 250 ms on PGlite,
 * whose one connection intake shares) takes 5 % of the time, not the 12 % a two-second slot took.
 */
export const EVALUATION_DELAY_MS = 5_000;
/** Partners without news are evaluated this often still, for the rules that time alone trips (stale feeds). */
export const IDLE_EVALUATION_MS = 5 * MINUTE;

/**
 * Evaluates the partners with news (signals since their last evaluation) and the ones not evaluated for a while,
 * each in its own transaction holding its state row: several instances share the work, one partner at a time.
 * Runs a couple of seconds after intake and every minute besides.
 */
export function healthEvaluationJob(ctx: AppContext) {
  const job = defineJob<{ recurring?: boolean }>({
    name: NAME,
    maxAttempts: 3,
    async handle(payload, { clock }) {
      await evaluateDuePartners(ctx, clock.now());
      if (payload.recurring)
        await enqueueJob(ctx.db, job, { recurring: true }, recurringRun(NAME, clock.now(), MINUTE, 1));
    },
  });
  return job;
}

/** Queued by intake in the batch's transaction: one run per five-second slot, whatever the number of batches. */
export async function queueEvaluation(ctx: AppContext, tx: Queryable): Promise<void> {
  const runAt = new Date(
    Math.ceil((ctx.clock.now().getTime() + EVALUATION_DELAY_MS) / EVALUATION_DELAY_MS) * EVALUATION_DELAY_MS,
  );
  await enqueueJob(
    tx,
    healthEvaluationJob(ctx),
    {},
    { runAt, singletonKey: `${NAME}:${runAt.toISOString()}` },
  );
}

export async function scheduleHealthEvaluation(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  await enqueueJob(ctx.db, healthEvaluationJob(ctx), { recurring: true }, recurringRun(NAME, now, MINUTE));
}

const due = (now: Date) =>
  or(
    gt(healthPartnerState.signalSeq, healthPartnerState.evaluatedSeq),
    sql`${healthPartnerState.evaluatedAt} is null`,
    lte(healthPartnerState.evaluatedAt, new Date(now.getTime() - IDLE_EVALUATION_MS)),
  );

/** Returns how many partners this run evaluated. */
export async function evaluateDuePartners(ctx: AppContext, now: Date): Promise<number> {
  const candidates = await ctx.db
    .select({ partnerId: healthPartnerState.partnerId })
    .from(healthPartnerState)
    .where(due(now));
  let evaluated = 0;
  for (const { partnerId } of candidates) {
    const done = await ctx.db.transaction(async (tx) => {
      const [state] = await tx
        .select({ seq: healthPartnerState.signalSeq })
        .from(healthPartnerState)
        .where(and(eq(healthPartnerState.partnerId, partnerId), due(now)))
        .for('update', { skipLocked: true });
      if (!state) return false;
      await evaluatePartner(ctx, tx, partnerId, now);
      await tx
        .update(healthPartnerState)
        .set({ evaluatedSeq: state.seq, evaluatedAt: now })
        .where(eq(healthPartnerState.partnerId, partnerId));
      return true;
    });
    if (done) evaluated++;
  }
  return evaluated;
}
