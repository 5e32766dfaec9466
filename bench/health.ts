// Partner health through the database and the mail (issue #10), next to the pure cores of health-core.ts:
// (1) POST /api/v1/signals events/s in batches of 10,000 on the built server, and where a batch's time goes
// in-process; (2) an outage's first notice, seconds from the first failing call to the contact's mail at a real
// SMTP server, on the built server polling jobs as configured; on simulated time, in-process on PGlite, with the
// signal simulator's streams after a day of its history: (3) how long a steady 10 % error rate takes to open an
// escalation, (4) escalations opened over 6 noisy but healthy hours. `npm run bench` runs it; alone:
// `npm run build:server && node --import tsx bench/health.ts` (BENCH_HEALTH_PARTS=intake,outage,detect,replay; breakdown alone runs the in-process split only).
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppContext } from '../src/server/context.js';
import { healthEscalations, partners } from '../src/server/db/schema/index.js';
import { bucketSignals } from '../src/server/health/bucket-signals.js';
import { EVALUATION_DELAY_MS } from '../src/server/health/evaluate/jobs.js';
import { ingestSignals } from '../src/server/health/intake/service.js';
import { ensurePartitions, PARTITIONED_TABLES } from '../src/server/health/partitions.js';
import { rollUpHours } from '../src/server/health/rollup.js';
import { scheduleHealthRollup } from '../src/server/health/rollup-job.js';
import { partnerIdsOf, validateSignals } from '../src/server/health/signals.js';
import { createSimulation } from '../src/server/health/simulator/generate.js';
import { type HistoryStep, historyBuckets } from '../src/server/health/simulator/history.js';
import {
  between,
  logNormal,
  type Random,
  seededRandom as seeded,
} from '../src/server/health/simulator/random.js';
import type { Scenario } from '../src/server/health/simulator/scenarios.js';
import { addCallBuckets, addFeedBuckets, addMerchantBuckets } from '../src/server/health/store-buckets.js';
import { HOUR, MINUTE } from '../src/server/lib/clock.js';
import { FEEDS, HEALTH_ACTIONS, MAX_SIGNAL_BATCH } from '../src/shared/health.js';
import { createSimulatedApp, ingestSecret } from '../tests/support/simulated-app.js';
import { startSmtpServer } from '../tests/support/smtp.js';
import { writeResult } from './results.js';
import { csrfTokenOf, onBothDatabases, SECONDS, signIn, withServer } from './server.js';

const knob = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CONCURRENCIES = (process.env.BENCH_HEALTH_CONCURRENCY ?? '1,2,4').split(',').map(Number);
const OUTAGE_RUNS = knob('BENCH_HEALTH_OUTAGE_RUNS', 3);
const HISTORY_HOURS = knob('BENCH_HEALTH_HISTORY_HOURS', 24);
const REPLAY_HOURS = knob('BENCH_HEALTH_REPLAY_HOURS', 6);
const LIFTED = { SIGNAL_BATCHES_PER_MINUTE: '10000000' };
/** A Monday noon: the simulated runs start here (business days only matter to the feed rules). */
const T0 = Date.parse('2027-03-01T12:00:00Z');

// ---- Traffic for intake and the outage: seeded, so every run posts the same events ----

const oneOf = <T>(random: Random, items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
const ERROR_TYPES = ['NO_CAPACITY', 'NO_CAPACITY', 'PRICE_CHANGED', 'CLOSED', 'INVALID', 'TIMEOUT'] as const;
const iso = (at: number) => new Date(at).toISOString();

interface CallOptions {
  errorRate: number;
  medianMs?: number;
  errorType?: string;
}
function call(random: Random, partnerId: string, at: number, options: CallOptions) {
  const error = random() < options.errorRate;
  const errorType = options.errorType ?? oneOf(random, ERROR_TYPES);
  return {
    type: 'call',
    partnerId,
    action: oneOf(random, HEALTH_ACTIONS),
    outcome: error ? 'error' : 'ok',
    httpStatus: error ? 500 : 200,
    ...(error ? { errorType } : {}),
    latencyMs:
      error && errorType === 'TIMEOUT' ? 29_000 : Math.round(logNormal(random, options.medianMs ?? 200, 0.5)),
    ...(random() < 0.3 ? { merchantId: `m-${Math.floor(random() * 500)}` } : {}),
    at: iso(at),
  };
}
const feed = (
  partnerId: string,
  name: string,
  at: number,
  records: number,
  errors: number,
  warnings: number,
) => ({
  type: 'feed',
  partnerId,
  feed: name,
  records,
  errors,
  warnings,
  at: iso(at),
});

/** 10,000 events in the last minute: 90 % calls (1 % errors), 5 % feed ingestions, 5 % merchant counts. */
function intakeBody(random: Random, partnerIds: readonly string[], now: number): string {
  const events = Array.from({ length: MAX_SIGNAL_BATCH }, (_, i) => {
    const partnerId = partnerIds[i % partnerIds.length] as string;
    const at = now - Math.floor(random() * MINUTE);
    const kind = random();
    if (kind < 0.05) return feed(partnerId, oneOf(random, FEEDS), at, 500, random() < 0.1 ? 2 : 0, 1);
    if (kind < 0.1)
      return {
        type: 'merchants',
        partnerId,
        serving: Math.round(between(random, 360, 392)),
        total: 400,
        at: iso(at),
      };
    return call(random, partnerId, at, { errorRate: 0.01 });
  });
  return JSON.stringify({ events });
}

type Send = (body: string | Uint8Array<ArrayBuffer>) => Promise<{ accepted: number }>;

/** Sends `events` as batches of at most 10,000; returns how many were accepted. */
async function postEvents(send: Send, events: object[]) {
  let accepted = 0;
  for (let i = 0; i < events.length; i += MAX_SIGNAL_BATCH)
    accepted += (await send(JSON.stringify({ events: events.slice(i, i + MAX_SIGNAL_BATCH) }))).accepted;
  return accepted;
}

// ---- The built server ----

async function adminApi(url: string) {
  const cookie = await signIn(url);
  const headers = {
    cookie,
    'x-csrf-token': await csrfTokenOf(url, cookie),
    'content-type': 'application/json',
  };
  const post = async (route: string, body: object) => {
    const response = await fetch(`${url}${route}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (response.status !== 201) throw new Error(`${route}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string; secret: string };
  };
  const secret = (await post('/api/v1/ingest-tokens', { name: 'platform' })).secret;
  const partner = async (name: string) => (await post('/api/v1/partners', { name, status: 'launched' })).id;
  const signalsUrl = new URL('/api/v1/signals', url);
  const signals = async (body: string | Uint8Array<ArrayBuffer>) => {
    const response = await postBody(signalsUrl, body, {
      authorization: `Bearer ${secret}`,
      'content-type': 'application/json',
    });
    if (response.status !== 202) throw new Error(`signals: ${response.status} ${response.text}`);
    return JSON.parse(response.text) as { accepted: number; rejected: unknown[] };
  };
  return { post, partner, signals };
}

/**
 * A POST through node:http on kept-alive connections, the body written as it is: fetch copies a 1.5 MB body
 * before sending it, and that copy and its garbage cost the client, which shares the server's two cores, about
 * a fifth of the load's CPU time.
 */
const keepAlive = new http.Agent({ keepAlive: true });
function postBody(url: URL, body: string | Uint8Array, headers: Record<string, string>) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      agent: keepAlive,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    request.end(body);
  });
}

const quantile = (sorted: readonly number[], q: number) =>
  Math.round(sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN);

/** Posts the bodies round robin from `concurrency` loops for SECONDS. */
async function loadIntake(signals: Send, bodies: Uint8Array<ArrayBuffer>[], concurrency: number) {
  const latencies: number[] = [];
  let [accepted, next] = [0, 0];
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const start = performance.now();
      // Awaited first: `accepted += await …` reads `accepted` before the wait, so concurrent loops lost counts.
      const receipt = await signals(bodies[next++ % bodies.length] as Uint8Array<ArrayBuffer>);
      accepted += receipt.accepted;
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    eventsPerSecond: Math.round(accepted / seconds),
    batchesPerSecond: Math.round((latencies.length / seconds) * 10) / 10,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
}

async function measureIntake(url: string, database: string) {
  const api = await adminApi(url);
  const ids: string[] = [];
  for (let i = 0; i < 50; i++) ids.push(await api.partner(`Bench partner ${i}`));
  const random = seeded(1);
  // Encoded once: the client shares the server's two cores, and encoding 1.5 MB per request cost it a fifth of one.
  const bodies = Array.from({ length: 4 }, () =>
    new TextEncoder().encode(intakeBody(random, ids, Date.now())),
  );
  // Warm the JIT on both threads, and let the partition job make today's partitions (the DEFAULT partition would
  // catch the rows) and the first evaluation of the new partners run: with 4 batches of warm-up, one batch of the
  // first measured second waited ~1 s on these.
  for (let round = 0; round < 5; round++) for (const body of bodies) await api.signals(body);
  await sleep(6_000);
  const figures = [];
  for (const concurrency of CONCURRENCIES) {
    process.stdout.write(
      `bench: ${database} POST /api/v1/signals, ${concurrency} at a time for ${SECONDS}s... `,
    );
    const figure = await loadIntake(api.signals, bodies, concurrency);
    console.log(`${figure.eventsPerSecond} events/s, p50 ${figure.p50Ms} ms, p99 ${figure.p99Ms} ms a batch`);
    figures.push(figure);
  }
  return figures;
}

/**
 * One partner with a technical emergency contact: a healthy minute, then from t0 a batch of failing calls each
 * second until the contact's mail reaches the SMTP server; seconds from t0, OUTAGE_RUNS times (a fresh partner each).
 */
async function measureOutage(url: string, database: string, received: { to: string }[]) {
  const api = await adminApi(url);
  const random = seeded(2);
  const seconds: number[] = [];
  for (let run = 0; run < OUTAGE_RUNS; run++) {
    const partnerId = await api.partner(`Outage ${run}`);
    const email = `tech-${database}-${run}@example.test`;
    await api.post(`/api/v1/partners/${partnerId}/contacts`, {
      role: 'technical_emergency',
      name: 'On duty',
      email,
    });
    const now = Date.now();
    const healthy = Array.from({ length: 300 }, (_, i) =>
      call(random, partnerId, now - MINUTE + i * 200, { errorRate: 0.005 }),
    );
    await postEvents(api.signals, healthy);
    await sleep(5_000); // the healthy minute's evaluation has run: the outage's is not already due
    const t0 = performance.now();
    const mailed = () => received.some((m) => m.to.includes(email));
    let sent = 0;
    while (!mailed() && performance.now() - t0 < 120_000) {
      if (performance.now() >= t0 + sent * 1000) {
        const at = Date.now();
        const failing = Array.from({ length: 20 }, (_, i) =>
          call(random, partnerId, at - 1000 + i * 50, { errorRate: 1, errorType: 'TIMEOUT' }),
        );
        sent++;
        await postEvents(api.signals, failing);
      }
      await sleep(20);
    }
    if (!mailed()) throw new Error(`${database}: no mail to ${email} within 120 s of the outage`);
    seconds.push(Math.round((performance.now() - t0) / 100) / 10);
    console.log(`bench: ${database} outage ${run + 1}: first mail after ${seconds.at(-1)} s`);
  }
  return { runs: seconds, maxSeconds: Math.max(...seconds) };
}

// ---- In-process: where a batch's time goes ----

async function intakeBreakdown() {
  const sim = await createSimulatedApp({ start: new Date(), config: { signalBatchesPerMinute: 1e7 } });
  try {
    const ids = await insertPartners(sim.ctx, 50);
    const secret = await ingestSecret(sim.ctx);
    const random = seeded(3);
    const bodies = Array.from({ length: 4 }, () => intakeBody(random, ids, sim.clock.now().getTime()));
    const known = new Set(ids);
    const limits = { now: sim.clock.now().getTime(), retentionMs: 30 * 24 * HOUR, knownPartners: known };
    const rounds = knob('BENCH_HEALTH_BREAKDOWN_ROUNDS', 20);
    const spent = { parse: 0, validate: 0, bucket: 0, ingestSignals: 0, route: 0, evaluation: 0 };
    const timed = async <T>(step: keyof typeof spent, run: () => T | Promise<T>): Promise<T> => {
      const start = performance.now();
      const result = await run();
      spent[step] += performance.now() - start;
      return result;
    };
    for (let r = -2; r < rounds; r++) {
      const body = bodies[r & 3] as string;
      if (r === 0) for (const step of Object.keys(spent)) spent[step as keyof typeof spent] = 0;
      const raw = await timed('parse', () => JSON.parse(body).events as unknown[]);
      const { events } = await timed('validate', () => {
        partnerIdsOf(raw);
        return validateSignals(raw, limits);
      });
      await timed('bucket', () => bucketSignals(events));
      await timed('ingestSignals', () => ingestSignals(sim.ctx, 'bench', raw));
      await timed('route', () =>
        sim.app.inject({
          method: 'POST',
          url: '/api/v1/signals',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
          payload: body,
        }),
      );
      // The evaluation job the batches queued, over the 50 partners with news: on the server it takes turns
      // with intake on the same database (one connection on PGlite).
      sim.clock.advance(2 * EVALUATION_DELAY_MS);
      await timed('evaluation', () => sim.worker.runDue());
    }
    const ms = (total: number) => Math.round((total / rounds) * 10) / 10;
    const pure = spent.validate + spent.bucket;
    return {
      batch: MAX_SIGNAL_BATCH,
      database: 'pglite (in memory)',
      msPerBatch: {
        parse: ms(spent.parse),
        validate: ms(spent.validate),
        bucket: ms(spent.bucket),
        database: ms(spent.ingestSignals - pure),
        ingestSignals: ms(spent.ingestSignals),
        routeByInject: ms(spent.route),
        routeBesidesParseAndIngest: ms(spent.route - spent.parse - spent.ingestSignals),
        evaluationRunOf50Partners: ms(spent.evaluation),
      },
      routeEventsPerSecond: Math.round((rounds * MAX_SIGNAL_BATCH) / (spent.route / 1000)),
    };
  } finally {
    await sim.close();
  }
}

// ---- Simulated time, on the signal simulator (src/server/health/simulator) ----

async function insertPartners(ctx: AppContext, n: number): Promise<string[]> {
  const now = ctx.clock.now();
  // Fixed ids: the simulator seeds each partner's traits from its id, so every run replays the same world.
  const rows = Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `Simulated ${i}`,
    status: 'launched' as const,
    createdAt: now,
    updatedAt: now,
  }));
  return (await ctx.db.insert(partners).values(rows).returning({ id: partners.id })).map((p) => p.id);
}

/** History and live traffic share the seed: a partner's traits (error rate, latency, merchants) carry over. */
const SEED = 7;
type Sim = Awaited<ReturnType<typeof createSimulatedApp>>;

/** The app at T0 with `scenarios.length` partners and HISTORY_HOURS of healthy history at `ratePerSecond`. */
async function simulation(scenarios: Scenario[], ratePerSecond: number) {
  const sim = await createSimulatedApp({ start: new Date(T0), config: { signalBatchesPerMinute: 1e7 } });
  const ids = await insertPartners(sim.ctx, scenarios.length);
  const simulated = ids.map((id, i) => ({ id, scenario: scenarios[i] as Scenario }));
  // History goes straight into the minute buckets as the simulator's aggregates (what intake would have made
  // of the same calls, without posting them): the rules' baselines and long windows are full from t0.
  const from = T0 - HISTORY_HOURS * HOUR;
  for (const { table, unit } of PARTITIONED_TABLES)
    await ensurePartitions(sim.ctx.db, table, unit, new Date(from - HOUR), new Date(T0 + 2 * 24 * HOUR));
  const healthy = simulated.map((p) => ({ ...p, scenario: 'healthy' as const }));
  let steps: HistoryStep[] = [];
  const flush = async () => {
    await addCallBuckets(
      sim.ctx.db,
      steps.flatMap((s) => s.calls),
    );
    await addFeedBuckets(
      sim.ctx.db,
      steps.flatMap((s) => s.feeds),
    );
    await addMerchantBuckets(
      sim.ctx.db,
      steps.flatMap((s) => s.merchants),
    );
    steps = [];
  };
  for (const step of historyBuckets({
    partners: healthy,
    from,
    to: T0,
    ratePerSecond,
    seed: SEED,
    unit: 'minute',
  })) {
    steps.push(step);
    if (steps.length === 60) await flush();
  }
  await flush();
  // The hours of history rolled up, as the hourly job would have; it then runs as simulated hours end.
  const rollupStarted = performance.now();
  await rollUpHours(sim.ctx.db, new Date(T0));
  const rollupMsPerHour = (performance.now() - rollupStarted) / HISTORY_HOURS;
  await scheduleHealthRollup(sim.ctx);
  const secret = await ingestSecret(sim.ctx);
  const send: Send = async (body) => {
    const response = await sim.app.inject({
      method: 'POST',
      url: '/api/v1/signals',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      payload: body,
    });
    if (response.statusCode !== 202) throw new Error(`signals: ${response.statusCode} ${response.body}`);
    return response.json() as { accepted: number };
  };
  const live = createSimulation({
    partners: simulated,
    ratePerSecond,
    start: T0,
    seed: SEED,
    feedIntervalMs: 30 * MINUTE,
  });
  return { sim, ids, send, live, rollupMsPerHour };
}

/** Real time the simulated minutes spent posting and evaluating. */
const simulatedMs = { intake: 0, evaluation: 0 };

/** At the end of the minute from `from`, posts what happened in it, then runs the evaluation it queued. */
async function simulatedMinute(sim: Sim, send: Send, from: number, events: object[]) {
  sim.clock.set(new Date(from + MINUTE));
  let start = performance.now();
  await postEvents(send, events);
  simulatedMs.intake += performance.now() - start;
  sim.clock.advance(2 * EVALUATION_DELAY_MS);
  start = performance.now();
  await sim.worker.runDue();
  simulatedMs.evaluation += performance.now() - start;
}

const openedEscalations = (sim: Sim) =>
  sim.ctx.db
    .select({
      partnerId: healthEscalations.partnerId,
      area: healthEscalations.area,
      rules: healthEscalations.rules,
      severity: healthEscalations.severity,
      openedAt: healthEscalations.openedAt,
      evidence: healthEscalations.evidence,
    })
    .from(healthEscalations);

/** 10 partners after HISTORY_HOURS healthy, at 10 % errors from t0 at 200 calls/min each (the errors10 scenario). */
async function detectTenPercent() {
  const { sim, ids, send, live } = await simulation(Array(10).fill('errors10'), (10 * 200) / 60);
  try {
    process.stdout.write('bench: 10 % errors from t0, 10 partners at 200 calls/min... ');
    const opened = new Map<string, number>();
    for (let m = 0; m < 30 && opened.size < ids.length; m++) {
      const from = T0 + m * MINUTE;
      await simulatedMinute(sim, send, from, live.advance(from + MINUTE));
      for (const row of await openedEscalations(sim))
        if (!opened.has(row.partnerId)) opened.set(row.partnerId, (row.openedAt.getTime() - T0) / 1000);
    }
    const seconds = [...opened.values()].sort((a, b) => a - b);
    const escalations = await openedEscalations(sim);
    const figure = {
      partners: ids.length,
      historyHours: HISTORY_HOURS,
      detected: seconds.length,
      firstSeconds: seconds[0] ?? null,
      medianSeconds: seconds.length ? quantile(seconds, 0.5) : null,
      maxSeconds: seconds.length === ids.length ? seconds.at(-1) : null,
      byRule: countByRule(escalations),
    };
    console.log(
      `opened for ${figure.detected}/${ids.length}, ${figure.firstSeconds}–${figure.maxSeconds} s after t0`,
    );
    return figure;
  } finally {
    await sim.close();
  }
}

const countByRule = (rows: { rules: string[]; severity: string }[]) => {
  const counts: Record<string, number> = {};
  for (const r of rows) {
    const key = `${r.rules.join('+')} (${r.severity})`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

/**
 * Noise the simulator's healthy streams leave out, added for the odd-numbered partners: once in the replay a
 * 2-minute TIMEOUT spike (3 % of calls, at the platform's time-out) and a failed menu ingestion cleared by a
 * clean one 10 minutes later. Evens keep the simulator's streams alone, so the table tells the two apart.
 */
function extraNoise(
  random: Random,
  partnerId: string,
  from: number,
  at: { spike: number; feedFailure: number },
) {
  const minute = (from - T0) / MINUTE;
  const events: object[] = [];
  if (minute >= at.spike && minute < at.spike + 2)
    for (let i = 0; i < 4; i++)
      events.push({
        ...call(random, partnerId, from + random() * MINUTE, { errorRate: 1, errorType: 'TIMEOUT' }),
        latencyMs: Math.round(29_000 + random() * 900),
      });
  if (minute === at.feedFailure) events.push(feed(partnerId, 'menu', from + 5_000, 0, 12, 0));
  if (minute === at.feedFailure + 10) events.push(feed(partnerId, 'menu', from + 5_000, 800, 0, 2));
  return events;
}

/** 20 partners (healthy and flapping, half with extraNoise), REPLAY_HOURS minute by minute: escalations opened. */
async function noisyHealthyReplay() {
  const random = seeded(5);
  const scenarios: Scenario[] = Array.from({ length: 20 }, (_, i) => (i % 4 < 2 ? 'healthy' : 'flapping'));
  // 2 calls/s each: 120 a minute, 40 per action, so 3 % over 2 minutes is about 4 time-outs.
  const { sim, ids, send, live, rollupMsPerHour } = await simulation(scenarios, 20 * 2);
  try {
    const noisy = new Map(
      ids
        .filter((_, i) => i % 2 === 1)
        .map((id) => [
          id,
          {
            spike: Math.floor(random() * REPLAY_HOURS * 60),
            feedFailure: Math.floor(random() * REPLAY_HOURS * 50),
          },
        ]),
    );
    process.stdout.write(`bench: ${ids.length} partners, ${REPLAY_HOURS} noisy healthy hours... `);
    const started = performance.now();
    let events = 0;
    Object.assign(simulatedMs, { intake: 0, evaluation: 0 });
    for (let m = 0; m < REPLAY_HOURS * 60; m++) {
      const from = T0 + m * MINUTE;
      const minute: object[] = live.advance(from + MINUTE);
      for (const [id, at] of noisy) minute.push(...extraNoise(random, id, from, at));
      events += minute.length;
      await simulatedMinute(sim, send, from, minute);
    }
    const opened = await openedEscalations(sim);
    console.log(
      `${opened.length} escalations opened (${Math.round((performance.now() - started) / 1000)} s)`,
    );
    const minutes = REPLAY_HOURS * 60;
    const group = (extra: boolean) => opened.filter((e) => noisy.has(e.partnerId) === extra);
    return {
      partners: ids.length,
      scenarios: {
        healthy: scenarios.filter((s) => s === 'healthy').length,
        flapping: scenarios.filter((s) => s === 'flapping').length,
      },
      hours: REPLAY_HOURS,
      historyHours: HISTORY_HOURS,
      events,
      escalationsOpened: opened.length,
      simulatorOnly: countByRule(group(false)),
      withExtraNoise: countByRule(group(true)),
      realMsPerSimulatedMinute: {
        intake: Math.round(simulatedMs.intake / minutes),
        evaluation: Math.round(simulatedMs.evaluation / minutes),
      },
      /** The hourly job's work: one hour of the partners' minute buckets summed into hour rows. */
      rollupMsPerHour: Math.round(rollupMsPerHour * 10) / 10,
      escalations: opened,
    };
  } finally {
    await sim.close();
  }
}

// ---- Run ----

const PARTS = new Set((process.env.BENCH_HEALTH_PARTS ?? 'intake,outage,detect,replay').split(','));
const report: Record<string, unknown> = { at: new Date().toISOString(), seconds: SECONDS };
const table: { figure: string; value: string; detail: string }[] = [];

if (PARTS.has('intake') || PARTS.has('breakdown')) {
  const breakdown = await intakeBreakdown();
  console.log('bench: one 10,000-event batch in-process (ms):', breakdown.msPerBatch);
  report.intakeBreakdown = breakdown;
}
if (PARTS.has('intake')) {
  const intake = await onBothDatabases(async (database, env) => [
    { database, batches: await withServer({ ...env, ...LIFTED }, (url) => measureIntake(url, database)) },
  ]);
  report.intake = intake;
  for (const f of intake)
    for (const b of f.batches)
      table.push({
        figure: `${f.database} intake, ${b.concurrency} at a time (goal ≥ 200,000/s on PGlite)`,
        value: `${b.eventsPerSecond} events/s`,
        detail: `${b.batchesPerSecond} batches/s, p50 ${b.p50Ms} ms, p99 ${b.p99Ms} ms`,
      });
}
if (PARTS.has('outage')) {
  const smtp = await startSmtpServer();
  const outage = await onBothDatabases(async (database, env) => [
    {
      database,
      ...(await withServer({ ...env, ...LIFTED, SMTP_URL: smtp.url }, (url) =>
        measureOutage(url, database, smtp.received),
      )),
    },
  ]).finally(() => smtp.close());
  report.outage = outage;
  for (const o of outage)
    table.push({
      figure: `${o.database} outage → first mail (goal ≤ 30 s)`,
      value: `max ${o.maxSeconds} s`,
      detail: `runs ${o.runs.join(', ')} s`,
    });
}
if (PARTS.has('detect')) {
  const detect = await detectTenPercent();
  report.detectTenPercent = detect;
  table.push({
    figure: 'pglite 10 % errors → escalation opened (goal ≤ 300 s)',
    value: `max ${detect.maxSeconds ?? 'not all'} s`,
    detail: `${detect.detected}/${detect.partners} partners, first ${detect.firstSeconds} s, median ${detect.medianSeconds} s; ${Object.keys(detect.byRule).join(', ')}`,
  });
}
if (PARTS.has('replay')) {
  const replay = await noisyHealthyReplay();
  report.noisyHealthyReplay = replay;
  const rules = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([rule, n]) => `${n} ${rule}`)
      .join(', ') || 'none';
  table.push({
    figure: `pglite ${replay.hours} h noisy healthy replay, ${replay.partners} partners (goal 0)`,
    value: `${replay.escalationsOpened} escalations`,
    detail: `simulator alone: ${rules(replay.simulatorOnly)}; with spikes: ${rules(replay.withExtraNoise)}`,
  });
  table.push({
    figure: `pglite hourly roll-up, ${replay.partners} partners`,
    value: `${replay.rollupMsPerHour} ms an hour`,
    detail: `${HISTORY_HOURS} hours of history's minutes summed into hour rows (six hours a transaction)`,
  });
}
console.table(table);
await writeResult('health.json', report);
