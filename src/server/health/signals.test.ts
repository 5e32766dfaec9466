import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FEEDS, HEALTH_ACTIONS } from '../../shared/health.js';
import { isRejection, MAX_FUTURE_MS, partnerIdsOf, validateSignal, validateSignals } from './signals.js';

const PARTNER = '00000000-0000-4000-8000-0000000000aa';
const NOW = Date.parse('2027-03-01T12:00:00Z');
const DAY = 86_400_000;
const limits = { now: NOW, retentionMs: 30 * DAY, knownPartners: new Set([PARTNER]) };
const iso = (ms: number) => new Date(ms).toISOString();
const call = (over: Record<string, unknown> = {}) => ({
  type: 'call',
  partnerId: PARTNER,
  action: 'checkout',
  outcome: 'ok',
  latencyMs: 120,
  at: iso(NOW),
  ...over,
});
const reasonOf = (raw: unknown) => {
  const result = validateSignal(raw, limits);
  return isRejection(result) ? result.reason : 'accepted';
};

describe('validateSignal', () => {
  it('keeps a call with its optional fields, null where left out', () => {
    expect(
      validateSignal(call({ outcome: 'error', errorType: 'NO_CAPACITY', httpStatus: 503 }), limits),
    ).toEqual({
      type: 'call',
      partnerId: PARTNER,
      action: 'checkout',
      outcome: 'error',
      httpStatus: 503,
      errorType: 'NO_CAPACITY',
      latencyMs: 120,
      merchantId: null,
      at: NOW,
    });
  });

  it('keeps feed and merchants events', () => {
    const feed = {
      type: 'feed',
      partnerId: PARTNER,
      feed: 'menu',
      records: 3,
      errors: 0,
      warnings: 1,
      at: iso(NOW),
    };
    expect(validateSignal(feed, limits)).toEqual({ ...feed, at: NOW });
    const merchants = {
      type: 'merchants',
      partnerId: PARTNER,
      serving: 4,
      total: 4,
      at: '2027-03-01T13:00+01:00',
    };
    expect(validateSignal(merchants, limits)).toEqual({ ...merchants, at: NOW });
  });

  it.each([
    ['at exactly 5 min ahead', { at: iso(NOW + MAX_FUTURE_MS) }, 'accepted'],
    [
      'at 1 ms past 5 min ahead',
      { at: iso(NOW + MAX_FUTURE_MS + 1) },
      'at: more than 5 minutes in the future',
    ],
    ['at exactly the retention', { at: iso(NOW - 30 * DAY) }, 'accepted'],
    ['at 1 ms older than retention', { at: iso(NOW - 30 * DAY - 1) }, 'at: older than the retention period'],
    [
      'at without a zone',
      { at: '2027-03-01T12:00:00' },
      'at: must be an ISO 8601 timestamp with a time zone',
    ],
    ['at as epoch millis', { at: NOW }, 'at: must be an ISO 8601 timestamp with a time zone'],
    ['at month 13', { at: '2027-13-01T12:00:00Z' }, 'at: must be an ISO 8601 timestamp with a time zone'],
    ['at minute 60', { at: '2027-03-01T11:60:00Z' }, 'at: must be an ISO 8601 timestamp with a time zone'],
    ['at 29 February', { at: '2027-02-29T12:00:00Z' }, 'at: must be an ISO 8601 timestamp with a time zone'],
    ['at hour 24', { at: '2027-02-28T24:00:00Z' }, 'at: must be an ISO 8601 timestamp with a time zone'],
    ['at 28 February, no seconds', { at: '2027-02-28T23:59+00:00' }, 'accepted'],
    ['latency as text', { latencyMs: '120' }, 'latencyMs: must be a number from 0 to 86400000'],
    ['error type null', { errorType: null }, 'accepted'],
    ['merchant id null', { merchantId: null }, 'accepted'],
    ['latency 0', { latencyMs: 0 }, 'accepted'],
    ['latency a day', { latencyMs: DAY }, 'accepted'],
    ['latency past a day', { latencyMs: DAY + 1 }, 'latencyMs: must be a number from 0 to 86400000'],
    ['latency negative', { latencyMs: -1 }, 'latencyMs: must be a number from 0 to 86400000'],
    ['latency NaN', { latencyMs: Number.NaN }, 'latencyMs: must be a number from 0 to 86400000'],
    ['latency missing', { latencyMs: undefined }, 'latencyMs: must be a number from 0 to 86400000'],
    ['status 100', { httpStatus: 100 }, 'accepted'],
    ['status 599', { httpStatus: 599 }, 'accepted'],
    ['status null', { httpStatus: null }, 'accepted'],
    ['status 99', { httpStatus: 99 }, 'httpStatus: must be an integer from 100 to 599'],
    ['status 600', { httpStatus: 600 }, 'httpStatus: must be an integer from 100 to 599'],
    ['status "500"', { httpStatus: '500' }, 'httpStatus: must be an integer from 100 to 599'],
    ['error type of 64', { errorType: `E${'X'.repeat(63)}` }, 'accepted'],
    ['error type of 65', { errorType: `E${'X'.repeat(64)}` }, expect.stringMatching(/^errorType: /)],
    ['error type lower case', { errorType: 'closed' }, expect.stringMatching(/^errorType: /)],
    ['merchant id of 1', { merchantId: 'm' }, 'accepted'],
    ['merchant id of 200', { merchantId: 'm'.repeat(200) }, 'accepted'],
    ['merchant id empty', { merchantId: '' }, 'merchantId: must be a string of 1 to 200 characters'],
    [
      'merchant id of 201',
      { merchantId: 'm'.repeat(201) },
      'merchantId: must be a string of 1 to 200 characters',
    ],
    ['unknown action', { action: 'refund' }, 'action: must be one of checkout, submit_order, order_update'],
    ['unknown outcome', { outcome: 'timeout' }, 'outcome: must be one of ok, error'],
    ['unknown partner', { partnerId: '00000000-0000-4000-8000-0000000000ab' }, 'partnerId: unknown partner'],
    ['unknown type', { type: 'page' }, 'type: must be call, feed or merchants'],
  ])('%s → %s', (_, over, expected) => {
    expect(reasonOf(call(over))).toEqual(expected);
  });

  it.each([
    [{ serving: 5, total: 5 }, 'accepted'],
    [{ serving: 0, total: 0 }, 'accepted'],
    [{ serving: 6, total: 5 }, 'serving: must be a whole number from 0 to total'],
    [{ serving: 1.5, total: 5 }, 'serving: must be a whole number from 0 to total'],
    [{ serving: 1, total: -1 }, 'total: must be a whole number ≥ 0'],
  ])('merchants %o → %s', (over, expected) => {
    expect(reasonOf({ type: 'merchants', partnerId: PARTNER, at: iso(NOW), ...over })).toBe(expected);
  });

  it.each([
    [{ feed: 'stock' }, 'feed: must be one of restaurant, service, menu'],
    [{ records: -1 }, 'records: must be a whole number ≥ 0'],
    [{ errors: 0.5 }, 'errors: must be a whole number ≥ 0'],
    [{ warnings: '2' }, 'warnings: must be a whole number ≥ 0'],
  ])('feed %o → %s', (over, expected) => {
    const feed = {
      type: 'feed',
      partnerId: PARTNER,
      feed: 'menu',
      records: 1,
      errors: 0,
      warnings: 0,
      at: iso(NOW),
    };
    expect(reasonOf({ ...feed, ...over })).toBe(expected);
  });

  it.each([null, 3, 'call', [call()]])('refuses %o as an event', (raw) => {
    expect(reasonOf(raw)).toBe('event: must be an object');
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), fc.dictionary(fc.string(), fc.anything()), (raw, fields) => {
        expect(() => validateSignal(raw, limits)).not.toThrow();
        expect(() => validateSignal(call(fields), limits)).not.toThrow();
      }),
    );
  });

  it('accepts every well-formed event within the window', () => {
    const at = fc.integer({ min: NOW - 30 * DAY, max: NOW + MAX_FUTURE_MS }).map(iso);
    const event = fc.oneof(
      fc.record({
        type: fc.constant('call'),
        action: fc.constantFrom(...HEALTH_ACTIONS),
        outcome: fc.constantFrom('ok', 'error'),
        latencyMs: fc.double({ min: 0, max: DAY, noNaN: true }),
        at,
      }),
      fc.record({
        type: fc.constant('feed'),
        feed: fc.constantFrom(...FEEDS),
        records: fc.nat(),
        errors: fc.nat(),
        warnings: fc.nat(),
        at,
      }),
      fc.record({
        type: fc.constant('merchants'),
        serving: fc.nat(100),
        total: fc.integer({ min: 100, max: 200 }),
        at,
      }),
    );
    fc.assert(
      fc.property(event, (e) => {
        expect(reasonOf({ ...e, partnerId: PARTNER })).toBe('accepted');
      }),
    );
  });
});

describe('validateSignals', () => {
  it('keeps the good events and names the bad ones by index', () => {
    const { events, rejected } = validateSignals([call(), call({ outcome: 'maybe' }), 7, call()], limits);
    expect(events).toHaveLength(2);
    expect(rejected).toEqual([
      { index: 1, reason: 'outcome: must be one of ok, error' },
      { index: 2, reason: 'event: must be an object' },
    ]);
  });
});

describe('partnerIdsOf', () => {
  it('lists each well-formed partner id once, so the route can look them up in one query', () => {
    const other = '00000000-0000-4000-8000-0000000000ab';
    expect(
      partnerIdsOf([call(), call({ partnerId: other }), call(), { partnerId: 'nope' }, null, 4]),
    ).toEqual([PARTNER, other]);
  });
});
