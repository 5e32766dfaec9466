// On-call figures (issue #9), on PGlite and PostgreSQL, on the built server with its own job worker polling:
// (a) escalation step lateness over 1,000 concurrent pages, (b) Events API v2 single-event POST/s, next to Debian's
// Alertmanager single-alert POST/s measured in the same run. `npm run bench` runs it after the others; alone:
// `npm run build:server && node --import tsx bench/oncall.ts`.
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { type DatabaseHandle, openPglite, openPostgres, rowsOf } from '../src/server/db/client.js';
import {
  ALERTMANAGER_PATH,
  alertmanagerInstalled,
  startAlertmanager,
} from '../tests/support/alertmanager.js';
import { writeResult } from './results.js';
import { csrfTokenOf, onBothDatabases, SECONDS, signIn, withServer } from './server.js';

const PAGES = Number(process.env.BENCH_ONCALL_PAGES ?? 1000);
const OPEN_CONCURRENCY = 32;
const POST_CONNECTIONS = Number(process.env.BENCH_ONCALL_CONNECTIONS ?? 16);
// The server runs with its defaults (JOB_POLL_MS unless set); only the Events API's rate limit is lifted.
const JOB_POLL_MS = Number(process.env.JOB_POLL_MS ?? 1000);

interface Throughput {
  what: string;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
}

/** Posts one body per request for SECONDS; `body(n)` makes the n-th request's body. */
async function postLoad(what: string, url: string, body: (n: number) => string): Promise<Throughput> {
  process.stdout.write(`bench: ${what} for ${SECONDS}s with ${POST_CONNECTIONS} connections... `);
  let sent = 0;
  const result = await autocannon({
    url,
    connections: POST_CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: body(sent++) }),
      },
    ],
  });
  const figure = {
    what,
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
  console.log(
    `${figure.requestsPerSecond} req/s, p50 ${figure.latencyP50Ms} ms, p99 ${figure.latencyP99Ms} ms` +
      (figure.non2xx + figure.errors ? ` (${figure.non2xx} non-2xx, ${figure.errors} errors)` : ''),
  );
  return figure;
}

const event = (routingKey: string, dedupKey: string) =>
  JSON.stringify({
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: { summary: `Checkout errors (${dedupKey})`, source: 'bench', severity: 'critical' },
  });

/** A service paging the bench admin at two levels, one minute apart, and `keys` Events API routing keys on it. */
async function pagedService(url: string, keys: number): Promise<string[]> {
  const cookie = await signIn(url);
  const headers = {
    cookie,
    'x-csrf-token': await csrfTokenOf(url, cookie),
    'content-type': 'application/json',
  };
  const me = (await (await fetch(`${url}/api/v1/auth/me`, { headers: { cookie } })).json()) as {
    user: { id: string };
  };
  const post = async (route: string, body: object) => {
    const response = await fetch(`${url}${route}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (response.status !== 201) throw new Error(`${route}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string; key: string };
  };
  const level = { delayMinutes: 1, targets: [{ type: 'user', id: me.user.id }] };
  const policy = await post('/api/v1/escalation-policies', {
    name: 'Bench',
    levels: [level, level],
    repeat: 0,
  });
  const service = await post('/api/v1/services', { name: 'Bench', escalationPolicyId: policy.id });
  const routingKeys: string[] = [];
  for (let i = 0; i < keys; i++) {
    routingKeys.push((await post(`/api/v1/services/${service.id}/integrations`, { type: 'events_v2' })).key);
  }
  return routingKeys;
}

/** Opens PAGES pages through the Events API, OPEN_CONCURRENCY at a time; how long that took. */
async function openPages(url: string, routingKey: string): Promise<number> {
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < PAGES) {
      const i = next++;
      const response = await fetch(`${url}/v2/enqueue`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: event(routingKey, `lateness-${i}`),
      });
      if (response.status !== 202)
        throw new Error(`trigger ${i}: ${response.status} ${await response.text()}`);
    }
  };
  await Promise.all(Array.from({ length: OPEN_CONCURRENCY }, worker));
  return Date.now() - started;
}

/** Waits until every bench page has reached its second level (read through the API while the server runs). */
async function waitForSecondLevel(url: string): Promise<void> {
  const cookie = await signIn(url);
  const deadline = Date.now() + 15 * 60_000;
  while (Date.now() < deadline) {
    let escalated = 0;
    let before: number | undefined;
    for (;;) {
      const query = `status=triggered&limit=200${before ? `&before=${before}` : ''}`;
      const list = (await (await fetch(`${url}/api/v1/pages?${query}`, { headers: { cookie } })).json()) as {
        number: number;
        level: number;
        dedupKey: string | null;
      }[];
      escalated += list.filter((p) => p.dedupKey?.startsWith('lateness-') && p.level === 2).length;
      if (list.length < 200) break;
      before = list.at(-1)?.number;
    }
    if (escalated >= PAGES) return;
    await sleep(2_000);
  }
  throw new Error('the escalation steps did not all run within 15 minutes');
}

/*
 * Lateness, read from the database once the server has stopped: for each bench page, the second level's page
 * event (`escalated`, level 2) is written by the step job inside its transaction, under the page lock, just
 * before its responders are notified; the job row's `run_at` is when the step was due (opened + 1 minute). So
 * lateness = event time − run_at covers the worker's polling interval, waiting behind other due jobs (the other
 * pages' steps and the notifications they queue), claiming the job and taking the page lock. Both times come
 * from the server's clock, so no clock skew enters.
 */
async function readLateness(env: Record<string, string>) {
  const handle: DatabaseHandle = env.DATABASE_URL
    ? await openPostgres(env.DATABASE_URL, { max: 1 })
    : await openPglite({ dataDir: env.DATA_DIR });
  try {
    const rows = rowsOf<{ lateness_ms: number | string }>(
      await handle.db.execute(sql`
        select extract(epoch from (e.at - j.run_at)) * 1000 as lateness_ms
        from jobs j
        join pages p on p.id = (j.payload->>'pageId')::uuid
        join page_events e on e.page_id = p.id and e.type = 'escalated' and (e.detail->>'level')::int = 2
        where j.name = 'pages.escalate' and p.dedup_key like 'lateness-%'`),
    );
    const sorted = rows.map((row) => Number(row.lateness_ms)).sort((a, b) => a - b);
    const at = (q: number) => Math.round(sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN);
    return {
      steps: sorted.length,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      maxMs: at(1),
      minMs: Math.round(sorted[0] ?? Number.NaN),
    };
  } finally {
    await handle.close();
  }
}

const figures = await onBothDatabases(async (database, env) => {
  const served = await withServer({ ...env, EVENTS_API_PER_MINUTE: '10000000' }, async (url) => {
    const routingKeys = await pagedService(url, POST_CONNECTIONS);
    const routingKey = routingKeys[0] as string;
    process.stdout.write(`bench: ${database} opening ${PAGES} pages (2 levels, 1 minute apart)... `);
    const openMs = await openPages(url, routingKey);
    console.log(`${openMs} ms; waiting for every second level`);
    await waitForSecondLevel(url);
    const enqueue = `${url}/v2/enqueue`;
    const opening = await postLoad(`${database} POST /v2/enqueue (trigger, a new page each)`, enqueue, (n) =>
      event(routingKey, `tput-${n}`),
    );
    const joining = await postLoad(
      `${database} POST /v2/enqueue (trigger, joins the open page)`,
      enqueue,
      () => event(routingKey, 'tput-same'),
    );
    // Each key's events take turns (its rate limit counts them under a per-key lock); several keys do not wait
    // for each other.
    const keyed = await postLoad(
      `${database} POST /v2/enqueue (trigger, a new page each, ${routingKeys.length} routing keys)`,
      enqueue,
      (n) => event(routingKeys[n % routingKeys.length] as string, `keys-${n}`),
    );
    return { openMs, throughput: [opening, joining, keyed] };
  });
  const lateness = await readLateness(env);
  console.log(
    `bench: ${database} step lateness over ${lateness.steps} steps: p50 ${lateness.p50Ms} ms, p99 ${lateness.p99Ms} ms, max ${lateness.maxMs} ms`,
  );
  return [{ database, pages: PAGES, openMs: served.openMs, lateness, eventsApi: served.throughput }];
});

/** Debian's Alertmanager on loopback, routing to a receiver that sends nothing: its own intake is measured. */
async function measureAlertmanager(): Promise<Throughput | null> {
  if (!alertmanagerInstalled()) {
    console.log(
      `bench: Alertmanager skipped (no ${ALERTMANAGER_PATH}; apt-get install prometheus-alertmanager)`,
    );
    return null;
  }
  const alertmanager = await startAlertmanager('route:\n  receiver: none\nreceivers:\n  - name: none\n', {
    logLevel: 'warn',
  });
  try {
    return await postLoad(
      'Alertmanager POST /api/v2/alerts (one alert each)',
      `${alertmanager.url}/api/v2/alerts`,
      (n) =>
        JSON.stringify([
          {
            labels: { alertname: 'CheckoutErrors', severity: 'critical', n: String(n) },
            annotations: { summary: 'Checkout errors above 2 %' },
          },
        ]),
    );
  } finally {
    await alertmanager.stop();
  }
}

const alertmanager = await measureAlertmanager();
console.table(
  figures.flatMap((f) => [
    {
      figure: `${f.database} escalation step lateness (${f.lateness.steps} steps)`,
      p50Ms: f.lateness.p50Ms,
      p99Ms: f.lateness.p99Ms,
      maxMs: f.lateness.maxMs,
    },
    ...f.eventsApi.map((t) => ({
      figure: t.what,
      reqPerSec: t.requestsPerSecond,
      p50Ms: t.latencyP50Ms,
      p99Ms: t.latencyP99Ms,
    })),
  ]),
);
if (alertmanager)
  console.table([
    {
      figure: alertmanager.what,
      reqPerSec: alertmanager.requestsPerSecond,
      p50Ms: alertmanager.latencyP50Ms,
      p99Ms: alertmanager.latencyP99Ms,
    },
  ]);
await writeResult('oncall.json', {
  at: new Date().toISOString(),
  pages: PAGES,
  escalationDelayMinutes: 1,
  jobPollMs: JOB_POLL_MS,
  seconds: SECONDS,
  connections: POST_CONNECTIONS,
  figures,
  alertmanager,
});
