import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LATENCY_BINS } from '../../shared/health.js';
import { type StreamMinute, streamWindows } from './rules/fixtures.js';
import { DEFAULT_RULE_SETTINGS as settings } from './rules/settings.js';
import { NO_STREAK } from './rules/streak.js';
import { evaluateAction, evaluateFeed, evaluateMerchants, requiredWindows } from './rules.js';

/** A minute of `calls` calls, `errors` of them failing, latencies spread over the bins 25 ms–1 s. */
function minute(calls: number, errors: number, spread: number): StreamMinute {
  const latencyCounts = new Array<number>(LATENCY_BINS).fill(0);
  for (let i = 0; i < calls; i++) {
    const bin = 1 + ((i + spread) % 5);
    latencyCounts[bin] = (latencyCounts[bin] as number) + 1;
  }
  return { ok: calls - errors, errors, latencyCounts, latencySumMs: calls * 300 };
}
const DAY = 24 * 60;

describe('evaluateAction over streams of traffic', () => {
  it('catches a steady 10 % error rate after a healthy week within 10 minutes of it, as high', () => {
    const volume = fc.integer({ min: 10, max: 600 });
    fc.assert(
      fc.property(
        fc.array(volume, { minLength: 10, maxLength: 10 }),
        volume,
        fc.integer({ min: 0, max: 10 }),
        (bad, healthyVolume, perMille) => {
          const healthy = Array.from({ length: 7 * DAY }, (_, i) =>
            minute(healthyVolume, Math.floor((healthyVolume * perMille * ((i % 3) + 1)) / 2000), i),
          );
          const failing = bad.map((n, i) => minute(n, Math.round(n / 10), i));
          const window = streamWindows([...healthy, ...failing])(healthy.length + 9);
          const findings = evaluateAction('checkout', window, NO_STREAK, settings);
          expect(findings.map((f) => `${f.rule}:${f.severity}`)).toContain('error_increase:high');
          expect(findings.filter((f) => f.severity === 'critical')).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('finds nothing in a noisy but healthy stream: 0–0.6 % errors a minute, volume jittering 10×', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (seed) => {
        const random = mulberry32(seed);
        const stream = Array.from({ length: 3 * DAY + 6 * 60 }, (_, i) => {
          const calls = 200 + Math.floor(random() * 800);
          return minute(calls, Math.floor(random() * (Math.floor(calls * 0.006) + 1)), i);
        });
        const at = streamWindows(stream);
        for (let t = 3 * DAY; t < stream.length; t++)
          expect(evaluateAction('submit_order', at(t), NO_STREAK, settings)).toEqual([]);
      }),
      { numRuns: 10 },
    );
  });
});

describe('the other areas', () => {
  it('evaluates a feed and the merchants with the settings given', () => {
    const now = Date.parse('2027-03-04T12:00:00Z');
    expect(
      evaluateFeed('menu', { lastCleanAt: now - 25 * 3_600_000, errorsSince: null }, now, settings, () => 0),
    ).toMatchObject([{ area: 'feed:menu', rule: 'feed_stale', severity: 'medium' }]);
    expect(evaluateMerchants({ servingSum: 10, totalSum: 100, samples: 1 }, [], settings)).toMatchObject([
      { area: 'merchants', severity: 'critical' },
    ]);
    expect(evaluateMerchants({ servingSum: 90, totalSum: 100, samples: 1 }, [], settings)).toEqual([]);
  });
});

describe('requiredWindows', () => {
  it('lists each window length the action rules ask for once', () => {
    expect(requiredWindows(settings)).toEqual([5, 10, 15, 30, 60, 120, 360, 1440, 4320, 10080]);
  });

  it('asks for the short error-increase window only when there is one', () => {
    const withShort = (shortWindowMinutes: number) =>
      requiredWindows({ ...settings, errorIncrease: { ...settings.errorIncrease, shortWindowMinutes } });
    expect(withShort(7)).toEqual([5, 7, 10, 15, 30, 60, 120, 360, 1440, 4320, 10080]);
    expect(withShort(0)).toEqual([5, 10, 15, 30, 60, 120, 360, 1440, 4320, 10080]);
  });
});

/** A small seeded generator, so a failing seed replays the same stream. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
