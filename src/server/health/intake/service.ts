import { inArray } from 'drizzle-orm';
import { MAX_SIGNAL_BATCH } from '../../../shared/health.js';
import type { AppContext } from '../../context.js';
import { partners } from '../../db/schema/index.js';
import { MINUTE } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { requireSlot } from '../../lib/throttle.js';
import { bucketSignals } from '../bucket-signals.js';
import { addCallBuckets, addFeedBuckets, addMerchantBuckets } from '../bucket-store.js';
import { evaluationQueued, queueEvaluation } from '../evaluate/jobs.js';
import { type CallEvent, partnerIdsOf, validateSignals } from '../signals.js';
import { advanceStreaks, markSignalled, mergeFeedHistory } from './state.js';

const DAY = 24 * 60 * MINUTE;

export interface IntakeReceipt {
  accepted: number;
  rejected: { index: number; reason: string }[];
}

/**
 * A batch from the ordering platform: each event checked on its own (a bad one is named and skipped), the good
 * ones merged into minute and hour buckets and the evaluator's state, all in one transaction, so a batch is kept
 * whole or not at all. `sender` keys the intake limit (the ingest token).
 */
export async function ingestSignals(
  ctx: AppContext,
  sender: string,
  raw: readonly unknown[],
): Promise<IntakeReceipt> {
  if (raw.length > MAX_SIGNAL_BATCH)
    throw new AppError('payload_too_large', `events: at most ${MAX_SIGNAL_BATCH} events per request`, {
      field: 'events',
      params: { limit: MAX_SIGNAL_BATCH },
    });
  const named = partnerIdsOf(raw);
  const known =
    named.length === 0
      ? []
      : await ctx.db.select({ id: partners.id }).from(partners).where(inArray(partners.id, named));
  const now = ctx.clock.now();
  const { events, rejected } = validateSignals(raw, {
    now: now.getTime(),
    retentionMs: ctx.config.healthMinuteRetentionDays * DAY,
    knownPartners: new Set(known.map((p) => p.id)),
  });
  const buckets = bucketSignals(events);
  const slot = await ctx.db.transaction(async (tx) => {
    await requireSlot(
      tx,
      ctx.clock,
      { key: `signals:${sender}`, limit: ctx.config.signalBatchesPerMinute, windowMs: MINUTE },
      'Signal intake is over its limit; retry after the time given.',
    );
    if (events.length === 0) return null;
    await addCallBuckets(tx, buckets.calls);
    await addFeedBuckets(tx, buckets.feeds);
    await addMerchantBuckets(tx, buckets.merchants);
    await advanceStreaks(
      tx,
      events.filter((e): e is CallEvent => e.type === 'call'),
    );
    await mergeFeedHistory(tx, buckets.feeds);
    await markSignalled(tx, [...new Set(events.map((e) => e.partnerId))], now);
    return queueEvaluation(ctx, tx);
  });
  if (slot !== null) evaluationQueued(ctx, slot);
  return { accepted: events.length, rejected };
}
