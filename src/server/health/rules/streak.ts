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

/** Calls as a streak takes them: in time order, a success before a failure at the same instant. */
export function inStreakOrder<C extends Pick<CallEvent, 'outcome' | 'at'>>(calls: readonly C[]): C[] {
  return [...calls].sort(
    (a, b) => a.at - b.at || (a.outcome === 'ok' ? -1 : 0) - (b.outcome === 'ok' ? -1 : 0),
  );
}

/** One partner's and action's calls in streak order, as two columns: each call's time and 1 for a failure. */
export interface OrderedCalls {
  ats: ArrayLike<number>;
  failed: ArrayLike<number>;
}

/**
 * The streak after a batch's calls, taken in time order (a success before a failure at the same instant), so the
 * order within a batch does not matter and batches in time order give the exact count. A call older than the
 * last known success is stale and changes nothing. A success landing inside the stored streak (a late event from
 * another instance) breaks it; the failures after it are not known one by one, so the streak restarts at its
 * last failure: a count that errs low, never a page for failures that a success interrupted.
 */
export function advanceStreak(state: Streak, calls: readonly Pick<CallEvent, 'outcome' | 'at'>[]): Streak {
  const ordered = inStreakOrder(calls);
  return advanceOrderedStreak(state, {
    ats: ordered.map((c) => c.at),
    failed: ordered.map((c) => (c.outcome === 'error' ? 1 : 0)),
  });
}

/** advanceStreak for calls already in streak order (intake orders them on its worker thread). */
export function advanceOrderedStreak(state: Streak, { ats, failed }: OrderedCalls): Streak {
  let { lastOkAt, failures, failingSince, lastFailureAt } = state;
  for (let i = 0; i < ats.length; i++) {
    const at = ats[i] as number;
    if (lastOkAt !== null && at < lastOkAt) continue;
    if (failed[i] === 1) {
      failures++;
      failingSince = failingSince === null ? at : Math.min(failingSince, at);
      lastFailureAt = lastFailureAt === null ? at : Math.max(lastFailureAt, at);
    } else if (lastOkAt === null || at > lastOkAt) {
      lastOkAt = at;
      if (failingSince === null || lastFailureAt === null || failingSince > at) continue;
      if (lastFailureAt > at) [failures, failingSince] = [1, lastFailureAt];
      else [failures, failingSince, lastFailureAt] = [0, null, null];
    }
  }
  return { lastOkAt, failures, failingSince, lastFailureAt };
}
