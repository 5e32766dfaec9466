import { inArray } from 'drizzle-orm';
import { MAX_SIGNAL_BATCH } from '../../../shared/health.js';
import type { AppContext } from '../../context.js';
import { partners } from '../../db/schema/index.js';
import { MINUTE } from '../../lib/clock.js';
import { validationError } from '../../lib/error-handler.js';
import { AppError } from '../../lib/errors.js';
import { requireSlot } from '../../lib/throttle.js';
import { unstorableTextError } from '../../lib/validation.js';
import { addBucketRows } from '../bucket-store.js';
import { evaluationQueued, queueEvaluation } from '../evaluate/jobs.js';
import { holdRolledUntil } from '../rollup.js';
import { type IntakeLimits, partnerIdsOf } from '../signals.js';
import { type EnvelopeRefusal, envelopeOf } from './envelope.js';
import { type PreparedBatch, prepareSignalBatch } from './prepare.js';
import type { SignalWorker } from './signal-worker.js';
import { advanceStreaks, markSignalled, mergeFeedHistory } from './state.js';

const DAY = 24 * 60 * MINUTE;

export interface IntakeReceipt {
  accepted: number;
  rejected: { index: number; reason: string }[];
}

const tooManyEvents = () =>
  new AppError('payload_too_large', `events: at most ${MAX_SIGNAL_BATCH} events per request`, {
    field: 'events',
    params: { limit: MAX_SIGNAL_BATCH },
  });

/** A refused body as the error the app gives for any body refused that way. */
function refusalError(refusal: EnvelopeRefusal): AppError {
  if (refusal.kind === 'json')
    return new AppError('validation', refusal.message, { reason: 'malformed_request' });
  if (refusal.kind === 'schema') return validationError(refusal.issues, 'body');
  if (refusal.kind === 'too_many') return tooManyEvents();
  return unstorableTextError('body', refusal.path);
}

/** What events are checked against: the clock, retention, and which of the named partners exist. */
async function intakeLimits(ctx: AppContext, named: readonly string[]): Promise<IntakeLimits> {
  // An empty list is `false` to drizzle: a batch that names no partner costs one trivial statement.
  const known = await ctx.db
    .select({ id: partners.id })
    .from(partners)
    .where(inArray(partners.id, [...named]));
  return {
    now: ctx.clock.now().getTime(),
    retentionMs: ctx.config.healthMinuteRetentionDays * DAY,
    knownPartners: new Set(known.map((p) => p.id)),
  };
}

/**
 * A batch from the ordering platform, as the route receives it: a JSON body's bytes are parsed, checked and
 * bucketed on the intake worker thread (the same rules as `ingestSignals`), and stored here. Any other body (none,
 * or text under another content type) goes through the same envelope check, which refuses it.
 */
export async function ingestSignalBody(
  ctx: AppContext,
  worker: SignalWorker,
  sender: string,
  body: unknown,
): Promise<IntakeReceipt> {
  if (!(body instanceof Uint8Array)) {
    const envelope = envelopeOf(body);
    if ('refusal' in envelope) throw refusalError(envelope.refusal);
    return ingestSignals(ctx, sender, envelope.events);
  }
  const read = await worker.read(body);
  if ('refusal' in read) throw refusalError(read.refusal);
  let limits: IntakeLimits;
  try {
    limits = await intakeLimits(ctx, read.partnerIds);
  } catch (error) {
    worker.discard(read.handle);
    throw error;
  }
  return storeSignalBatch(ctx, sender, await worker.prepare(read.handle, limits), limits.now);
}

/** A batch of events already parsed (tests, the demo's seeding): checked and stored on this thread. */
export async function ingestSignals(
  ctx: AppContext,
  sender: string,
  raw: readonly unknown[],
): Promise<IntakeReceipt> {
  if (raw.length > MAX_SIGNAL_BATCH) throw tooManyEvents();
  const limits = await intakeLimits(ctx, partnerIdsOf(raw));
  return storeSignalBatch(ctx, sender, prepareSignalBatch(raw, limits), limits.now);
}

/**
 * The good events merged into minute buckets (and hour buckets, for hours already rolled up) and the
 * evaluator's state, all in one transaction, so a batch is kept whole or not at all. `sender` keys the intake limit (the ingest token).
 */
async function storeSignalBatch(
  ctx: AppContext,
  sender: string,
  batch: PreparedBatch,
  now: number,
): Promise<IntakeReceipt> {
  const slot = await ctx.db.transaction(async (tx) => {
    await requireSlot(
      tx,
      ctx.clock,
      { key: `signals:${sender}`, limit: ctx.config.signalBatchesPerMinute, windowMs: MINUTE },
      'Signal intake is over its limit; retry after the time given.',
    );
    if (batch.accepted === 0) return null;
    await addBucketRows(tx, batch.rows, await holdRolledUntil(tx));
    await advanceStreaks(tx, batch.streaks);
    await mergeFeedHistory(tx, batch.feeds);
    await markSignalled(tx, batch.partnerIds, new Date(now));
    return queueEvaluation(ctx, tx);
  });
  if (slot !== null) evaluationQueued(ctx, slot);
  return { accepted: batch.accepted, rejected: batch.rejected };
}
