// Partner health's pure cores (issue #10), without a database: (a) intake events/s on one core in batches of
// 10,000 (JSON parse, validate, merge into minute buckets), (b) how long after a full outage or a steady 10 % error
// rate starts the rules find it, evaluated every 15 s, (c) findings over a 6-hour noisy but healthy replay.
// The figures through the database and notifications are for the intake and escalation bench built on these.
// Not in bench/run.ts yet; alone: `node --import tsx bench/health-core.ts`.

import { bucketSignals } from '../src/server/health/bucket-signals.js';
import { type CallBucket, mergeCallStats } from '../src/server/health/buckets.js';
import { type StreamMinute, streamWindows } from '../src/server/health/rules/fixtures.js';
import { DEFAULT_RULE_SETTINGS as settings } from '../src/server/health/rules/settings.js';
import { advanceStreak, NO_STREAK } from '../src/server/health/rules/streak.js';
import { evaluateAction } from '../src/server/health/rules.js';
import { type CallEvent, validateSignals } from '../src/server/health/signals.js';
import { callWindowOf } from '../src/server/health/windows.js';
import { HEALTH_ACTIONS } from '../src/shared/health.js';
import { writeResult } from './results.js';

const MINUTE = 60_000;
const NOW = Date.parse('2027-03-01T12:00:00Z');
const PARTNERS = Array.from(
  { length: 50 },
  (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
);
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const latency = () => Math.round(80 + 400 * random() ** 3);

function intakePerSecond() {
  const events = Array.from({ length: 10_000 }, (_, i) => ({
    type: 'call',
    partnerId: PARTNERS[i % PARTNERS.length],
    action: HEALTH_ACTIONS[i % 3],
    outcome: random() < 0.01 ? 'error' : 'ok',
    ...(random() < 0.01 ? { errorType: 'NO_CAPACITY' } : {}),
    latencyMs: latency(),
    at: new Date(NOW - Math.floor(random() * 120_000)).toISOString(),
  }));
  const body = JSON.stringify({ events });
  const limits = { now: NOW, retentionMs: 30 * 24 * 60 * MINUTE, knownPartners: new Set(PARTNERS) };
  const rounds = 100;
  const spent = { parse: 0, validate: 0, bucket: 0 };
  const timed = <T>(step: keyof typeof spent, run: () => T): T => {
    const start = performance.now();
    const result = run();
    spent[step] += performance.now() - start;
    return result;
  };
  for (let r = 0; r < rounds; r++) {
    const parsed = timed('parse', () => JSON.parse(body).events);
    const checked = timed('validate', () => validateSignals(parsed, limits));
    timed('bucket', () => bucketSignals(checked.events));
  }
  const perSecond = (ms: number) => Math.round((rounds * 10_000) / (ms / 1000));
  return {
    batch: 10_000,
    batches: rounds,
    eventsPerSecond: perSecond(spent.parse + spent.validate + spent.bucket),
    parsePerSecond: perSecond(spent.parse),
    validatePerSecond: perSecond(spent.validate),
    bucketPerSecond: perSecond(spent.bucket),
  };
}

/**
 * Seconds from the start of failing calls at `errorRate` (20 calls/s, after a week at 0.3 %) to the first finding of
 * each rule that fires, evaluating every 15 s for an hour. The week before the last two hours is hour buckets.
 */
function secondsToDetect(errorRate: number): Record<string, number> {
  const onset = NOW - 60 * MINUTE;
  const week = Array.from({ length: 7 * 24 - 2 }, (_, h) => {
    const minute = new Date(NOW - (7 * 24 - h) * 60 * MINUTE);
    return {
      ...callBucket(0),
      minute,
      okCount: 72_000 - 216,
      errorCount: 216,
      errorTypes: { NO_CAPACITY: 216 },
    };
  });
  const calls: CallEvent[] = [];
  for (let at = NOW - 120 * MINUTE; at < NOW; at += 50) {
    const error = (at >= onset && random() < errorRate) || random() < 0.003;
    calls.push({
      ...call,
      outcome: error ? 'error' : 'ok',
      errorType: error ? 'NO_CAPACITY' : null,
      latencyMs: latency(),
      at,
    });
  }
  const first: Record<string, number> = {};
  const minutes = new Map<number, CallBucket>();
  let [streak, next] = [NO_STREAK, 0];
  for (let t = onset; t < NOW; t += 15_000) {
    const upTo = calls.findIndex((c) => c.at > t);
    const batch = calls.slice(next, upTo);
    streak = advanceStreak(streak, batch);
    next = upTo;
    for (const b of bucketSignals(batch).calls) {
      const seen = minutes.get(b.minute.getTime());
      minutes.set(b.minute.getTime(), seen ? { ...seen, ...mergeCallStats(seen, b) } : b);
    }
    const window = callWindowOf([...week, ...minutes.values()], t);
    for (const f of evaluateAction('checkout', window, streak, settings))
      first[`${f.rule}:${f.severity}`] ??= (t - onset) / 1000;
  }
  return first;
}

const call: CallEvent = {
  type: 'call',
  partnerId: PARTNERS[0] as string,
  action: 'checkout',
  outcome: 'ok',
  httpStatus: null,
  errorType: null,
  latencyMs: 0,
  merchantId: null,
  at: 0,
};
const callBucket = (at: number) => bucketSignals([{ ...call, at }]).calls[0] as CallBucket;

/** Findings over 6 hours of 300 calls/min at 0.3 % errors (each call drawn), after 3 days of the same. */
function noisyHealthyFindings() {
  const stream: StreamMinute[] = [];
  for (let m = 0; m < 3 * 24 * 60 + 6 * 60; m++) {
    const calls = 240 + Math.floor(random() * 120);
    let errors = 0;
    for (let i = 0; i < calls; i++) if (random() < 0.003) errors++;
    const latencyCounts = new Array(14).fill(0);
    latencyCounts[3] = calls;
    stream.push({ ok: calls - errors, errors, latencyCounts, latencySumMs: calls * 150 });
  }
  const at = streamWindows(stream);
  let findings = 0;
  for (let t = 3 * 24 * 60; t < stream.length; t++)
    findings += evaluateAction('checkout', at(t), NO_STREAK, settings).length;
  return { minutesEvaluated: 6 * 60, findings };
}

const report = {
  intake: intakePerSecond(),
  detect: { fullOutage: secondsToDetect(1), errors10: secondsToDetect(0.1) },
  noisyHealthy: noisyHealthyFindings(),
};
console.log(JSON.stringify(report, null, 2));
await writeResult('health-core.json', report);
