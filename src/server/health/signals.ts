import {
  CALL_OUTCOMES,
  type CallOutcome,
  FEEDS,
  type Feed,
  HEALTH_ACTIONS,
  type HealthAction,
} from '../../shared/health.js';
import { MINUTE } from '../lib/clock.js';
import { daysInMonth } from '../lib/instant.js';

/** One intake event, checked: `at` is epoch milliseconds. Optional fields the platform left out are null. */
export interface CallEvent {
  type: 'call';
  partnerId: string;
  action: HealthAction;
  outcome: CallOutcome;
  httpStatus: number | null;
  errorType: string | null;
  latencyMs: number;
  merchantId: string | null;
  at: number;
}

export interface FeedEvent {
  type: 'feed';
  partnerId: string;
  feed: Feed;
  records: number;
  errors: number;
  warnings: number;
  at: number;
}

export interface MerchantsEvent {
  type: 'merchants';
  partnerId: string;
  serving: number;
  total: number;
  at: number;
}

export type SignalEvent = CallEvent | FeedEvent | MerchantsEvent;

/** Why an event was skipped, naming the field first: the route answers `rejected: [{ index, reason }]`. */
export interface Rejection {
  reason: string;
}

export interface IntakeLimits {
  now: number;
  /** How far back minute buckets are kept (HEALTH_MINUTE_RETENTION_DAYS): older events have no partition left. */
  retentionMs: number;
  /** The partners the batch may name; the route loads them with `partnerIdsOf` first. */
  knownPartners: ReadonlySet<string>;
}

/** A clock a few minutes fast at the platform is normal; further ahead is a bug on their side. */
export const MAX_FUTURE_MS = 5 * MINUTE;
const MAX_LATENCY_MS = 24 * 60 * MINUTE;

/*
 * Intake checks 10,000 events a request and must keep up with hundreds of thousands a second, so the checks are
 * plain typeof/Set tests and a rejection is one of these shared objects: a bad event allocates nothing.
 */
const reject = (reason: string): Rejection => Object.freeze({ reason });
const R = {
  event: reject('event: must be an object'),
  type: reject('type: must be call, feed or merchants'),
  partnerId: reject('partnerId: unknown partner'),
  action: reject(`action: must be one of ${HEALTH_ACTIONS.join(', ')}`),
  outcome: reject(`outcome: must be one of ${CALL_OUTCOMES.join(', ')}`),
  latencyMs: reject(`latencyMs: must be a number from 0 to ${MAX_LATENCY_MS}`),
  httpStatus: reject('httpStatus: must be an integer from 100 to 599'),
  errorType: reject('errorType: must be an upper-case code such as NO_CAPACITY, at most 64 characters'),
  merchantId: reject('merchantId: must be a string of 1 to 200 characters'),
  feed: reject(`feed: must be one of ${FEEDS.join(', ')}`),
  records: reject('records: must be a whole number ≥ 0'),
  errors: reject('errors: must be a whole number ≥ 0'),
  warnings: reject('warnings: must be a whole number ≥ 0'),
  serving: reject('serving: must be a whole number from 0 to total'),
  total: reject('total: must be a whole number ≥ 0'),
  at: reject('at: must be an ISO 8601 timestamp with a time zone'),
  future: reject('at: more than 5 minutes in the future'),
  expired: reject('at: older than the retention period'),
};

const ACTIONS: ReadonlySet<unknown> = new Set(HEALTH_ACTIONS);
const OUTCOMES: ReadonlySet<unknown> = new Set(CALL_OUTCOMES);
const FEED_NAMES: ReadonlySet<unknown> = new Set(FEEDS);
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const ERROR_TYPE = /^[A-Z][A-Z0-9_]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Raw = Record<string, unknown>;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const absent = (v: unknown) => v === undefined || v === null;

/** The checked event, or the reason it is skipped. */
export function validateSignal(raw: unknown, limits: IntakeLimits): SignalEvent | Rejection {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return R.event;
  const e = raw as Raw;
  if (e.type !== 'call' && e.type !== 'feed' && e.type !== 'merchants') return R.type;
  if (typeof e.partnerId !== 'string' || !limits.knownPartners.has(e.partnerId)) return R.partnerId;
  const parts = typeof e.at === 'string' ? ISO_INSTANT.exec(e.at) : null;
  if (!parts) return R.at;
  // Date.parse rolls 31 February over to 3 March and hour 24 to the next day; both are malformed here.
  const [year, month, day, hour] = parts.slice(1, 5).map(Number) as [number, number, number, number];
  if (day > daysInMonth(year, month) || hour > 23) return R.at;
  const at = Date.parse(e.at as string);
  if (Number.isNaN(at)) return R.at;
  if (at > limits.now + MAX_FUTURE_MS) return R.future;
  if (at < limits.now - limits.retentionMs) return R.expired;
  if (e.type === 'call') return callOf(e, e.partnerId, at);
  if (e.type === 'feed') return feedOf(e, e.partnerId, at);
  if (!isCount(e.total)) return R.total;
  if (!isCount(e.serving) || e.serving > e.total) return R.serving;
  return { type: 'merchants', partnerId: e.partnerId, serving: e.serving, total: e.total, at };
}

function callOf(e: Raw, partnerId: string, at: number): CallEvent | Rejection {
  if (!ACTIONS.has(e.action)) return R.action;
  if (!OUTCOMES.has(e.outcome)) return R.outcome;
  const latency = e.latencyMs;
  if (typeof latency !== 'number' || !(latency >= 0 && latency <= MAX_LATENCY_MS)) return R.latencyMs;
  const status = e.httpStatus;
  if (
    !absent(status) &&
    !(Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599)
  )
    return R.httpStatus;
  if (!absent(e.errorType) && !(typeof e.errorType === 'string' && ERROR_TYPE.test(e.errorType)))
    return R.errorType;
  const merchant = e.merchantId;
  if (!absent(merchant) && !(typeof merchant === 'string' && merchant.length >= 1 && merchant.length <= 200))
    return R.merchantId;
  return {
    type: 'call',
    partnerId,
    action: e.action as HealthAction,
    outcome: e.outcome as CallOutcome,
    httpStatus: (status as number | undefined) ?? null,
    errorType: (e.errorType as string | undefined) ?? null,
    latencyMs: latency,
    merchantId: (merchant as string | undefined) ?? null,
    at,
  };
}

function feedOf(e: Raw, partnerId: string, at: number): FeedEvent | Rejection {
  if (!FEED_NAMES.has(e.feed)) return R.feed;
  if (!isCount(e.records)) return R.records;
  if (!isCount(e.errors)) return R.errors;
  if (!isCount(e.warnings)) return R.warnings;
  return {
    type: 'feed',
    partnerId,
    feed: e.feed as Feed,
    records: e.records,
    errors: e.errors,
    warnings: e.warnings,
    at,
  };
}

export const isRejection = (result: SignalEvent | Rejection): result is Rejection => 'reason' in result;

/** A batch split into the events to keep and the ones to name in the reply, by their index in the batch. */
export function validateSignals(raw: readonly unknown[], limits: IntakeLimits) {
  const events: SignalEvent[] = [];
  const rejected: { index: number; reason: string }[] = [];
  for (let index = 0; index < raw.length; index++) {
    const result = validateSignal(raw[index], limits);
    if (isRejection(result)) rejected.push({ index, reason: result.reason });
    else events.push(result);
  }
  return { events, rejected };
}

/** The distinct well-formed partner ids a batch names: what the route looks up before validating. */
export function partnerIdsOf(raw: readonly unknown[]): string[] {
  const ids = new Set<string>();
  // A batch names a few partners thousands of times: each id is tested once.
  const seen = new Set<string>();
  for (const e of raw) {
    const id = typeof e === 'object' && e !== null ? (e as Raw).partnerId : undefined;
    if (typeof id !== 'string' || seen.has(id)) continue;
    seen.add(id);
    if (UUID.test(id)) ids.add(id);
  }
  return [...ids];
}
