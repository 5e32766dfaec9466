import { Type } from 'typebox';
import { MAX_SIGNAL_BATCH } from '../../../shared/health.js';

/*
 * The batch's envelope only: each event is checked by signals.ts, so one bad event is named and skipped instead
 * of failing the batch (a schema over the events would refuse the whole batch for one).
 */
const EVENT_SHAPES = [
  'call: { type: "call", partnerId, action: checkout|submit_order|order_update, outcome: ok|error, httpStatus?,',
  'errorType?, latencyMs, merchantId?, at }; feed: { type: "feed", partnerId, feed: restaurant|service|menu,',
  'records, errors, warnings, at }; merchants: { type: "merchants", partnerId, serving, total, at }.',
  '`at` is an ISO 8601 instant, at most 5 minutes ahead and within the retention period.',
].join(' ');

export const SignalBatch = Type.Object({
  events: Type.Array(Type.Unknown(), {
    description: `Up to ${MAX_SIGNAL_BATCH} events, each one of: ${EVENT_SHAPES}`,
  }),
});

export const IntakeReceipt = Type.Object({
  accepted: Type.Integer(),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), reason: Type.String() })),
});
