import type { CallEvent } from '../signals.js';

/**
 * The failures since the last successful call of one partner and action: the small state the hard-down rule
 * needs and buckets cannot give (they lose the order of calls within a minute). Intake advances it per batch and
 * stores it; times are epoch milliseconds.
 */
export interface Streak {
  lastOkAt: number | null;
  /** Failed calls after lastOkAt. */
  failures: number;
  failingSince: number | null;
  lastFailureAt: number | null;
}

export const NO_STREAK: Streak = { lastOkAt: null, failures: 0, failingSince: null, lastFailureAt: null };

/**
 * The streak after a batch's calls, taken in time order (a success before a failure at the same instant), so the
 * order within a batch does not matter and batches in time order give the exact count. A call older than the
 * last known success is stale and changes nothing. A success landing inside the stored streak (a late event from
 * another instance) breaks it; the failures after it are not known one by one, so the streak restarts at its
 * last failure: a count that errs low, never a page for failures that a success interrupted.
 */
export function advanceStreak(state: Streak, calls: readonly Pick<CallEvent, 'outcome' | 'at'>[]): Streak {
  const ordered = [...calls].sort(
    (a, b) => a.at - b.at || (a.outcome === 'ok' ? -1 : 0) - (b.outcome === 'ok' ? -1 : 0),
  );
  let { lastOkAt, failures, failingSince, lastFailureAt } = state;
  for (const call of ordered) {
    if (lastOkAt !== null && call.at < lastOkAt) continue;
    if (call.outcome === 'error') {
      failures++;
      failingSince = failingSince === null ? call.at : Math.min(failingSince, call.at);
      lastFailureAt = lastFailureAt === null ? call.at : Math.max(lastFailureAt, call.at);
    } else if (lastOkAt === null || call.at > lastOkAt) {
      lastOkAt = call.at;
      if (failingSince === null || lastFailureAt === null || failingSince > call.at) continue;
      if (lastFailureAt > call.at) [failures, failingSince] = [1, lastFailureAt];
      else [failures, failingSince, lastFailureAt] = [0, null, null];
    }
  }
  return { lastOkAt, failures, failingSince, lastFailureAt };
}
