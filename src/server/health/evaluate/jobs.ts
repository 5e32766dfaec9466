import { and, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { healthPartnerState, partners } from '../../db/schema/index.js';
import { MINUTE } from '../../lib/clock.js';
import { defineJob, enqueueJob, recurringRun } from '../../lib/jobs.js';
import type { HealthRuleSettings } from '../rules/settings.js';
import { platformRuleSettings } from '../settings/queries.js';
import { evaluatePartners } from './evaluate-partners.js';

const NAME = 'health.evaluate';

/**
 * How soon after a batch its partners are evaluated: batches arriving meanwhile share the run. Five seconds keeps
 * an outage's first notice well inside 30 s while an evaluation of 50 busy partners (about 240 ms on PGlite,
 * whose one connection intake shares) takes 5 % of the time.
 */
export const EVALUATION_DELAY_MS = 5_000;
/** Partners without news are evaluated this often still, for the rules that time alone trips (stale feeds). */
export const IDLE_EVALUATION_MS = 5 * MINUTE;

/**
 * Evaluates the partners with news (signals since their last evaluation) and the ones not evaluated for a while,
 * a chunk of them to a transaction holding their state rows: several instances share the work, never on the same
 * partner at once. Runs a few seconds after intake and every minute besides.
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

/** The last slot each app queued its evaluation for, once the batch that queued it committed. */
const queuedSlots = new WeakMap<AppContext, number>();

/**
 * Queued by intake in the batch's transaction: one run per five-second slot, whatever the number of batches.
 * Returns a note to pass to `evaluationQueued` once the transaction has committed: the next batches of the same
 * slot then skip the insert (a job per slot, so the insert would change nothing; it cost 0.8 ms a batch).
 */
export async function queueEvaluation(ctx: AppContext, tx: Queryable): Promise<number> {
  const slot =
    Math.ceil((ctx.clock.now().getTime() + EVALUATION_DELAY_MS) / EVALUATION_DELAY_MS) * EVALUATION_DELAY_MS;
  if (queuedSlots.get(ctx) === slot) return slot;
  const runAt = new Date(slot);
  await enqueueJob(
    tx,
    healthEvaluationJob(ctx),
    {},
    { runAt, singletonKey: `${NAME}:${runAt.toISOString()}` },
  );
  return slot;
}

export function evaluationQueued(ctx: AppContext, slot: number): void {
  queuedSlots.set(ctx, slot);
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

/**
 * Partners evaluated in one transaction: their inputs are read a statement each for all of them (a statement
 * costs about 0.3 ms on PGlite whatever it reads), which for 50 busy partners took a run from 570 ms to 235 ms.
 */
export const EVALUATION_CHUNK = 25;

/**
 * Returns how many partners this run evaluated: the due ones, EVALUATION_CHUNK to a transaction that holds their
 * state rows (skipping rows another instance holds). When a chunk fails, its partners are evaluated one to a
 * transaction, so one partner's failure holds back no other.
 */
export async function evaluateDuePartners(ctx: AppContext, now: Date): Promise<number> {
  const candidates = await ctx.db
    .select({ partnerId: healthPartnerState.partnerId })
    .from(healthPartnerState)
    .where(due(now));
  if (candidates.length === 0) return 0;
  const platform = await platformRuleSettings(ctx.db);
  const ids = candidates.map((c) => c.partnerId);
  let evaluated = 0;
  let failure: unknown = null;
  for (let i = 0; i < ids.length; i += EVALUATION_CHUNK) {
    const chunk = ids.slice(i, i + EVALUATION_CHUNK);
    try {
      evaluated += await evaluateChunk(ctx, chunk, platform, now);
    } catch (error) {
      if (chunk.length === 1) throw error;
      ctx.logger.warn(
        { err: error },
        'health evaluation of a chunk failed; evaluating its partners one by one',
      );
      for (const id of chunk) {
        try {
          evaluated += await evaluateChunk(ctx, [id], platform, now);
        } catch (own) {
          failure ??= own;
        }
      }
    }
  }
  // The run fails (and its job is retried) once every partner that could be evaluated was.
  if (failure) throw failure;
  return evaluated;
}

async function evaluateChunk(
  ctx: AppContext,
  partnerIds: string[],
  platform: HealthRuleSettings,
  now: Date,
): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const held = await tx
      .select({
        id: healthPartnerState.partnerId,
        seq: healthPartnerState.signalSeq,
        integration: partners.integrationState,
      })
      .from(healthPartnerState)
      .innerJoin(partners, eq(partners.id, healthPartnerState.partnerId))
      .where(and(inArray(healthPartnerState.partnerId, partnerIds), due(now)))
      .orderBy(healthPartnerState.partnerId)
      .for('update', { of: healthPartnerState, skipLocked: true });
    if (held.length === 0) return 0;
    await evaluatePartners(ctx, tx, held, platform, now);
    // One statement for the chunk: the sequence each partner was evaluated at.
    await tx.execute(sql`
      update health_partner_state s set evaluated_seq = v.seq, evaluated_at = ${now.toISOString()}::timestamptz
      from json_to_recordset(${JSON.stringify(held.map(({ id, seq }) => ({ id, seq })))}::json)
        as v(id uuid, seq bigint)
      where s.partner_id = v.id`);
    return held.length;
  });
}
