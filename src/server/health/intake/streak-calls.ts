import { inStreakOrder } from '../rules/streak.js';
import type { CallEvent } from '../signals.js';

/** How many failing merchants a streak names as a sample. */
export const SAMPLE_MERCHANTS = 10;

/**
 * What a batch adds to one partner's and action's failure streak: its calls in streak order as two typed
 * columns (cheap to hand from the worker thread to the main one) and the merchants of its latest failures.
 */
export interface StreakCalls {
  partnerId: string;
  action: string;
  ats: Float64Array;
  failed: Uint8Array;
  /** Distinct, the latest failure first, at most SAMPLE_MERCHANTS. */
  failingMerchants: string[];
}

/** A batch's checked calls, per partner and action, as state.ts advances the stored streaks with them. */
export function streakCallsOf(calls: readonly CallEvent[]): StreakCalls[] {
  const byKey = new Map<string, Map<string, CallEvent[]>>();
  for (const call of calls) {
    let byAction = byKey.get(call.partnerId);
    if (!byAction) {
      byAction = new Map();
      byKey.set(call.partnerId, byAction);
    }
    const list = byAction.get(call.action);
    if (list) list.push(call);
    else byAction.set(call.action, [call]);
  }
  const result: StreakCalls[] = [];
  for (const [partnerId, byAction] of byKey)
    for (const [action, list] of byAction) {
      const ordered = inStreakOrder(list);
      result.push({
        partnerId,
        action,
        ats: Float64Array.from(ordered, (c) => c.at),
        failed: Uint8Array.from(ordered, (c) => (c.outcome === 'error' ? 1 : 0)),
        failingMerchants: latestFailingMerchants(list),
      });
    }
  return result;
}

function latestFailingMerchants(calls: readonly CallEvent[]): string[] {
  const named = calls
    .filter((c) => c.outcome === 'error' && c.merchantId !== null)
    .sort((a, b) => b.at - a.at)
    .map((c) => c.merchantId as string);
  return [...new Set(named)].slice(0, SAMPLE_MERCHANTS);
}
