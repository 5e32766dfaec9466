import { describe, expect, it } from 'vitest';
import { actionHealth, feedsHealth, merchantsHealth } from './series.js';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const STEP = 60_000;
const starts = [T0, T0 + STEP, T0 + 2 * STEP];

describe('actionHealth', () => {
  const row = (t: number, ok: number, errors: number, errorTypes: Record<string, number> = {}) => ({
    action: 'checkout',
    t,
    ok,
    errors,
    errorTypes,
    latencyCounts: [ok + errors],
  });

  it('gives every step a point, rates over ok and errors, and the top error types by count, then by name', () => {
    const health = actionHealth(
      'checkout',
      [
        row(T0, 5, 5, { TIMEOUT: 2, CLOSED: 3 }),
        row(T0 + 2 * STEP, 6, 2, { INVALID: 2 }),
        { ...row(T0, 100, 0), action: 'submit_order' }, // another action's row
      ],
      starts,
    );
    expect(health.series.map((p) => [p.ok, p.errors, p.successRate])).toEqual([
      [5, 5, 0.5],
      [0, 0, null],
      [6, 2, 0.75],
    ]);
    expect(health.totals).toMatchObject({ ok: 11, errors: 7, successRate: 11 / 18 });
    expect(health.totals.topErrorTypes).toEqual([
      { type: 'CLOSED', count: 3 },
      { type: 'INVALID', count: 2 },
      { type: 'TIMEOUT', count: 2 },
    ]);
  });

  it('keeps the five most frequent error types', () => {
    const types = { A: 1, B: 6, C: 2, D: 5, E: 3, F: 4 };
    const health = actionHealth('checkout', [row(T0, 0, 21, types)], starts);
    expect(health.totals.topErrorTypes.map((e) => e.type)).toEqual(['B', 'D', 'F', 'E', 'C']);
  });
});

describe('feedsHealth', () => {
  it('lists the feeds with a state or data in FEEDS order, each with its own steps; no state is null dates', () => {
    const clean = new Date(T0 - STEP);
    const feeds = feedsHealth(
      [
        { feed: 'menu', t: T0 + STEP, ingestions: 2, errors: 1, warnings: 0, records: 40 },
        { feed: 'restaurant', t: T0, ingestions: 1, errors: 0, warnings: 3, records: 9 },
      ],
      [{ feed: 'restaurant', lastCleanAt: clean, errorsSince: null }],
      starts,
    );
    expect(feeds.map((f) => [f.feed, f.lastCleanAt, f.errorsSince])).toEqual([
      ['restaurant', clean, null],
      ['menu', null, null],
    ]);
    expect(feeds[0]?.series.map((p) => p.records)).toEqual([9, 0, 0]);
    expect(feeds[1]?.series.map((p) => [p.ingestions, p.errors])).toEqual([
      [0, 0],
      [2, 1],
      [0, 0],
    ]);
  });
});

describe('merchantsHealth', () => {
  it('averages over the samples of a step and reports the latest step with a report', () => {
    const health = merchantsHealth(
      [
        { t: T0, servingSum: 90, totalSum: 200, samples: 2 },
        { t: T0 + STEP, servingSum: 30, totalSum: 100, samples: 1 },
      ],
      starts,
    );
    expect(health.series.map((p) => p.serving)).toEqual([45, 30, null]);
    expect(health.latest).toEqual({ serving: 30, total: 100 });
  });
});
