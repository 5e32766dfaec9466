import { FEEDS, type Feed, HEALTH_ACTIONS, type HealthAction } from '../../../shared/health.js';
import { MINUTE } from '../../lib/clock.js';
import {
  between,
  exponentialWait,
  integerBetween,
  logNormal,
  pick,
  type Random,
  seededRandom,
  seedOf,
} from './random.js';
import {
  ACTION_SHARE,
  DROPPED_SERVING_SHARE,
  ERROR_MIX,
  FLAPPING,
  HEALTHY_ERROR_RATE,
  HEALTHY_MEDIAN_MS,
  HEALTHY_SIGMA,
  MERCHANT_DROP_MS,
  PLATFORM_TIMEOUT_MS,
  type Scenario,
  SLOW_LATENCY,
} from './scenarios.js';

/** One event as the platform sends it to `POST /api/v1/signals` (`at` an ISO instant). */
export type SignalInput =
  | {
      type: 'call';
      partnerId: string;
      action: HealthAction;
      outcome: 'ok' | 'error';
      httpStatus?: number;
      errorType?: string;
      latencyMs: number;
      merchantId?: string;
      at: string;
    }
  | {
      type: 'feed';
      partnerId: string;
      feed: Feed;
      records: number;
      errors: number;
      warnings: number;
      at: string;
    }
  | { type: 'merchants'; partnerId: string; serving: number; total: number; at: string };

export interface StreamOptions {
  partnerId: string;
  scenario: Scenario;
  /** Calls a second to this partner. */
  ratePerSecond: number;
  /** When the stream begins: the scenario holds from here (merchants-dropping starts falling here). */
  start: number;
  seed: number;
  feedIntervalMs: number;
  merchantsIntervalMs: number;
}

/** A partner's own figures, drawn once from its seed: they differ between partners, never within a run. */
export interface PartnerTraits {
  errorRate: number;
  medianMs: number;
  merchants: number;
  servingShare: number;
}

export function traitsOf(random: Random): PartnerTraits {
  return {
    errorRate: between(random, HEALTHY_ERROR_RATE.min, HEALTHY_ERROR_RATE.max),
    medianMs: between(random, HEALTHY_MEDIAN_MS.min, HEALTHY_MEDIAN_MS.max),
    merchants: integerBetween(random, 40, 2500),
    servingShare: between(random, 0.93, 0.97),
  };
}

/** Flapping errors are answers, not time-outs: a burst of 30 s calls would be a latency problem, not noise. */
const { TIMEOUT: _, ...FLAPPING_ERRORS } = ERROR_MIX;
const ACTION_RATES = HEALTH_ACTIONS.map((action) => [action, ACTION_SHARE[action]] as const);
const round = (ms: number) => Math.round(ms);

interface FlapTally {
  calls: number;
  errors: number;
  /** Failures in a row of this action: hard-down follows each action's own streak. */
  consecutive: number;
  /** Calls and errors per minute of the last 10. */
  recent: Map<number, { calls: number; errors: number }>;
}

/**
 * One partner's signals, generated in time order a span at a time: calls as a Poisson process at the partner's
 * rate, each feed every `feedIntervalMs` (± 20 %), a merchants report every `merchantsIntervalMs`.
 */
export class PartnerStream {
  private readonly random: Random;
  private readonly traits: PartnerTraits;
  private readonly ratePerMs: number;
  private nextCallAt: number;
  private readonly nextFeedAt = new Map<Feed, number>();
  private nextMerchantsAt: number;
  private consecutiveFailures = 0;
  private burstLeft = 0;
  /**
   * A flapping partner's calls and errors, per action: the rules judge each action on its own, so a cap over all
   * of them let one quiet action (order updates are a fifth of the calls) gather enough of the errors to be found.
   */
  private readonly flapTallies = new Map<HealthAction, FlapTally>();

  constructor(private readonly options: StreamOptions) {
    this.random = seededRandom(seedOf(options.seed, options.partnerId));
    this.traits = traitsOf(this.random);
    this.ratePerMs = options.ratePerSecond / 1000;
    this.nextCallAt =
      this.ratePerMs > 0
        ? options.start + exponentialWait(this.random, this.ratePerMs)
        : Number.POSITIVE_INFINITY;
    for (const feed of FEEDS)
      this.nextFeedAt.set(feed, options.start + this.random() * options.feedIntervalMs);
    this.nextMerchantsAt = options.start + this.random() * options.merchantsIntervalMs;
  }

  /** Appends the events before `to` to `out`. */
  emitUntil(to: number, out: SignalInput[]): void {
    while (this.nextCallAt < to) {
      out.push(this.call(this.nextCallAt));
      this.nextCallAt += exponentialWait(this.random, this.ratePerMs);
    }
    for (const feed of FEEDS) {
      let at = this.nextFeedAt.get(feed) as number;
      for (; at < to; at += this.options.feedIntervalMs * between(this.random, 0.8, 1.2)) {
        out.push(this.feed(feed, at));
      }
      this.nextFeedAt.set(feed, at);
    }
    for (; this.nextMerchantsAt < to; this.nextMerchantsAt += this.options.merchantsIntervalMs)
      out.push(this.merchantsReport(this.nextMerchantsAt));
  }

  private call(at: number): SignalInput {
    const { partnerId, scenario } = this.options;
    const action = pick(this.random, Object.fromEntries(ACTION_RATES) as Record<HealthAction, number>);
    const merchantId = `store-${integerBetween(this.random, 1, this.traits.merchants)}`;
    const iso = new Date(at).toISOString();
    if (scenario === 'outage') {
      const timeout = this.random() < 0.5;
      return {
        type: 'call',
        partnerId,
        action,
        outcome: 'error',
        ...(timeout ? { errorType: 'TIMEOUT' } : { httpStatus: 500 }),
        latencyMs: round(
          PLATFORM_TIMEOUT_MS * (timeout ? between(this.random, 0.97, 1) : between(this.random, 0.6, 0.95)),
        ),
        merchantId,
        at: iso,
      };
    }
    const failed = this.fails(at, action);
    const errorType = failed
      ? pick<string>(this.random, scenario === 'flapping' ? FLAPPING_ERRORS : ERROR_MIX)
      : null;
    const latencyMs =
      errorType === 'TIMEOUT' ? round(PLATFORM_TIMEOUT_MS * between(this.random, 0.97, 1)) : this.latency();
    return {
      type: 'call',
      partnerId,
      action,
      outcome: failed ? 'error' : 'ok',
      ...(errorType === 'TIMEOUT' ? { errorType } : { httpStatus: 200 }),
      ...(errorType && errorType !== 'TIMEOUT' ? { errorType } : {}),
      latencyMs,
      merchantId,
      at: iso,
    };
  }

  private latency(): number {
    const slow = this.options.scenario === 'slow';
    const ms = slow
      ? logNormal(this.random, SLOW_LATENCY.median, SLOW_LATENCY.sigma)
      : logNormal(this.random, this.traits.medianMs, HEALTHY_SIGMA);
    return Math.min(round(ms), PLATFORM_TIMEOUT_MS);
  }

  private fails(at: number, action: HealthAction): boolean {
    const scenario = this.options.scenario;
    let failed: boolean;
    if (scenario === 'errors10') failed = this.random() < 0.1;
    else if (scenario === 'flapping') failed = this.flaps(at, action);
    else failed = this.random() < this.traits.errorRate;
    this.consecutiveFailures = failed ? this.consecutiveFailures + 1 : 0;
    return failed;
  }

  /** A flapping partner's next call: a base rate and bursts, each failure only while every cap holds. */
  private flaps(at: number, action: HealthAction): boolean {
    const tally = this.flapTallies.get(action) ?? { calls: 0, errors: 0, consecutive: 0, recent: new Map() };
    this.flapTallies.set(action, tally);
    const minute = Math.floor(at / MINUTE);
    const bucket = tally.recent.get(minute) ?? { calls: 0, errors: 0 };
    tally.recent.set(minute, bucket);
    for (const m of tally.recent.keys()) if (m <= minute - FLAPPING.windowMs / MINUTE) tally.recent.delete(m);
    let want: boolean;
    if (this.burstLeft > 0) want = true;
    else if (this.random() < FLAPPING.burstErrorShare / 3) {
      this.burstLeft = integerBetween(this.random, FLAPPING.burstSize.min, FLAPPING.burstSize.max);
      want = true;
    } else want = this.random() < FLAPPING.baseErrorRate;
    const failed = want && this.mayFail(tally);
    if (this.burstLeft > 0) this.burstLeft = failed ? this.burstLeft - 1 : 0;
    bucket.calls++;
    tally.calls++;
    tally.consecutive = failed ? tally.consecutive + 1 : 0;
    if (failed) {
      bucket.errors++;
      tally.errors++;
    }
    return failed;
  }

  /** The caps: a streak short of hard-down, overall and in the action’s last 10 minutes too few errors to be found. */
  private mayFail(tally: FlapTally): boolean {
    if (Math.max(this.consecutiveFailures, tally.consecutive) >= FLAPPING.maxConsecutive) return false;
    if (tally.errors + 1 > FLAPPING.overallRatio * (tally.calls + 1) + FLAPPING.overallSlack) return false;
    let [calls, errors] = [1, 1];
    for (const b of tally.recent.values()) [calls, errors] = [calls + b.calls, errors + b.errors];
    return errors <= FLAPPING.windowErrors || errors <= FLAPPING.windowRatio * calls;
  }

  private feed(feed: Feed, at: number): SignalInput {
    const perMerchant = feed === 'menu' ? 5 : 1;
    const records = Math.max(
      1,
      Math.round(this.traits.merchants * perMerchant * between(this.random, 0.02, 0.1)),
    );
    const failing = this.options.scenario === 'stale-feed';
    const errors = failing ? integerBetween(this.random, 1, Math.max(1, Math.floor(records / 2))) : 0;
    const warnings = this.random() < 0.03 ? integerBetween(this.random, 1, 5) : 0;
    return {
      type: 'feed',
      partnerId: this.options.partnerId,
      feed,
      records,
      errors,
      warnings,
      at: new Date(at).toISOString(),
    };
  }

  private merchantsReport(at: number): SignalInput {
    const total = this.traits.merchants;
    const share = Math.min(
      1,
      Math.max(0, servingShareAt(this.options, this.traits, at) + between(this.random, -0.01, 0.01)),
    );
    return {
      type: 'merchants',
      partnerId: this.options.partnerId,
      serving: Math.floor(total * share),
      total,
      at: new Date(at).toISOString(),
    };
  }
}

/** The share of merchants serving at `at`: the partner's usual one, or falling to under 40 % when dropping. */
export function servingShareAt(
  options: Pick<StreamOptions, 'scenario' | 'start'>,
  traits: PartnerTraits,
  at: number,
): number {
  if (options.scenario !== 'merchants-dropping') return traits.servingShare;
  const dropped = (DROPPED_SERVING_SHARE.min + DROPPED_SERVING_SHARE.max) / 2;
  const progress = Math.min(1, Math.max(0, (at - options.start) / MERCHANT_DROP_MS));
  return traits.servingShare + (dropped - traits.servingShare) * progress;
}
