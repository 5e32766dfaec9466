// `npm run simulate -- --url http://localhost:3000 --token <ingest token> --partners 50 --rate 2000 --duration 60
//   --scenario outage:<partner name>,errors10:<name>`: posts simulated platform signals to a running Switchboard in
// real time (events stamped now), at the rate asked for, until the duration is over or Ctrl-C.
// Without --token it signs in as a platform admin (--email/--password or SWITCHBOARD_ADMIN_EMAIL/PASSWORD) and
// creates an ingest token. Partners are the first --partners launched ones of GET /api/v1/partners (all launched
// ones without it), plus any a scenario names.

import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createSimulation } from '../src/server/health/simulator/generate.js';
import type { SignalInput } from '../src/server/health/simulator/partner-stream.js';
import { isScenario, SCENARIOS, type Scenario } from '../src/server/health/simulator/scenarios.js';
import { MAX_SIGNAL_BATCH } from '../src/shared/health.js';

const USAGE = `usage: npm run simulate -- [--url http://localhost:3000] [--token <ingest token>]
  [--email <admin> --password <password>] [--partners N (the first N launched; default all)] [--rate <calls/s>] [--duration <s, 0 = until stopped>]
  [--scenario <scenario>:<partner name or id>,...] [--default-scenario healthy] [--seed N]
scenarios: ${SCENARIOS.join(', ')}`;

interface Partner {
  id: string;
  name: string;
  status: string;
}

interface Options {
  url: string;
  token: string | undefined;
  email: string | undefined;
  password: string | undefined;
  partners: number | undefined;
  rate: number;
  durationS: number;
  scenarios: { scenario: Scenario; partner: string }[];
  defaultScenario: Scenario;
  seed: number;
}

function fail(message: string): never {
  console.error(`simulate: ${message}`);
  process.exit(2);
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string', default: 'http://localhost:3000' },
      token: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      partners: { type: 'string' },
      rate: { type: 'string', default: '200' },
      duration: { type: 'string', default: '60' },
      scenario: { type: 'string', multiple: true, default: [] },
      'default-scenario': { type: 'string', default: 'healthy' },
      seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < min) fail(`--${name} must be a number ≥ ${min}, got ${text}`);
    return n;
  };
  const scenarios = values.scenario
    .flatMap((list) => list.split(','))
    .filter((item) => item.trim() !== '')
    .map((item) => {
      const at = item.indexOf(':');
      const scenario = item.slice(0, at).trim();
      const partner = item.slice(at + 1).trim();
      if (at < 0 || partner === '') fail(`--scenario wants <scenario>:<partner>, got ${item}`);
      if (!isScenario(scenario)) fail(`unknown scenario ${scenario}; one of ${SCENARIOS.join(', ')}`);
      return { scenario, partner };
    });
  const defaultScenario = values['default-scenario'];
  if (!isScenario(defaultScenario)) fail(`unknown scenario ${defaultScenario}`);
  return {
    url: values.url.replace(/\/+$/, ''),
    token: values.token,
    email: values.email ?? process.env.SWITCHBOARD_ADMIN_EMAIL,
    password: values.password ?? process.env.SWITCHBOARD_ADMIN_PASSWORD,
    partners: values.partners === undefined ? undefined : number('partners', values.partners, 0),
    rate: number('rate', values.rate, 0),
    durationS: number('duration', values.duration, 0),
    scenarios,
    defaultScenario,
    seed: number('seed', values.seed, 0),
  };
}

/** A platform admin's session over HTTP: the session cookie and the CSRF header cookie sessions need. */
async function signIn(url: string, email: string, password: string) {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) fail(`sign-in as ${email} failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((header) => header.split(';')[0] ?? '')
    .find((pair) => pair.startsWith('sb_session='));
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  if (!cookie) fail('sign-in answered without a session cookie');
  return async <T>(method: string, path: string, body?: object): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) fail(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

/**
 * The partners to simulate with each one's scenario: the first N launched ones (only they take live orders), and
 * every partner a scenario names, whatever its status.
 */
function assignScenarios(listed: readonly Partner[], options: Options) {
  const chosen = new Map<string, { partner: Partner; scenario: Scenario }>();
  const launched = listed.filter((p) => p.status === 'launched');
  for (const partner of launched.slice(0, options.partners ?? launched.length))
    chosen.set(partner.id, { partner, scenario: options.defaultScenario });
  for (const { scenario, partner: wanted } of options.scenarios) {
    const key = wanted.toLowerCase();
    const partner = listed.find((p) => p.id.toLowerCase() === key || p.name.toLowerCase() === key);
    if (!partner) fail(`no partner named ${wanted}`);
    chosen.set(partner.id, { partner, scenario });
  }
  return [...chosen.values()];
}

export interface Tally {
  sent: number;
  accepted: number;
  rejected: number;
  throttled: number;
  failedBatches: number;
  reasons: Map<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Posts one batch until it is taken: waits out 429 (Retry-After) and retries 5xx and network errors a few times. */
export async function postBatch(
  url: string,
  token: string,
  events: SignalInput[],
  tally: Tally,
  stopping: () => boolean,
) {
  const body = JSON.stringify({ events });
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(`${url}/api/v1/signals`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
    } catch (error) {
      if (attempt >= 5 || stopping()) return countFailed(tally, events.length, (error as Error).message);
      await sleep(500 * 2 ** attempt);
      continue;
    }
    const text = await response.text();
    if (response.status === 202) {
      const receipt = JSON.parse(text) as { accepted: number; rejected: { reason: string }[] };
      tally.sent += events.length;
      tally.accepted += receipt.accepted;
      tally.rejected += receipt.rejected.length;
      for (const r of receipt.rejected) tally.reasons.set(r.reason, (tally.reasons.get(r.reason) ?? 0) + 1);
      return;
    }
    if (response.status === 429 && !stopping()) {
      tally.throttled++;
      await sleep(Math.max(1, Number(response.headers.get('retry-after')) || 1) * 1000);
      attempt = -1;
      continue;
    }
    if (response.status >= 500 && attempt < 5 && !stopping()) {
      await sleep(500 * 2 ** attempt);
      continue;
    }
    return countFailed(tally, events.length, `${response.status} ${text.slice(0, 300)}`);
  }
}

function countFailed(tally: Tally, events: number, reason: string) {
  tally.failedBatches++;
  tally.sent += events;
  tally.rejected += events;
  tally.reasons.set(reason, (tally.reasons.get(reason) ?? 0) + events);
}

const grouped = (n: number) => Math.round(n).toLocaleString('en-US');
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

function progressLine(tally: Tally, startedAt: number) {
  const elapsed = Date.now() - startedAt;
  const rate = elapsed > 0 ? (tally.sent * 1000) / elapsed : 0;
  const throttled = tally.throttled ? ` · 429 ×${grouped(tally.throttled)}` : '';
  return `sent ${grouped(tally.sent)} · ${grouped(rate)}/s · accepted ${grouped(tally.accepted)} · rejected ${grouped(tally.rejected)}${throttled} · ${clock(elapsed)}`;
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  let token = options.token;
  let listed: Partner[];
  if (options.email && options.password) {
    const api = await signIn(options.url, options.email, options.password);
    listed = await api<Partner[]>('GET', '/api/v1/partners');
    if (!token) {
      const name = `simulator ${new Date().toISOString().slice(0, 19)}`;
      token = (await api<{ secret: string }>('POST', '/api/v1/ingest-tokens', { name })).secret;
      console.error(`simulate: created ingest token "${name}" (reuse it with --token ${token})`);
    }
  } else fail('give --email and --password (or SWITCHBOARD_ADMIN_EMAIL/PASSWORD) to list the partners');
  const assigned = assignScenarios(listed, options);
  if (assigned.length === 0) fail('no partners to simulate: create some first');
  const counts = new Map<Scenario, number>();
  for (const a of assigned) counts.set(a.scenario, (counts.get(a.scenario) ?? 0) + 1);
  console.error(
    `simulate: ${assigned.length} partners at ${grouped(options.rate)} calls/s (${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}) → ${options.url}`,
  );
  for (const a of assigned.filter((a) => a.scenario !== options.defaultScenario))
    console.error(`  ${a.scenario}: ${a.partner.name}`);

  const startedAt = Date.now();
  const simulation = createSimulation({
    partners: assigned.map((a) => ({ id: a.partner.id, scenario: a.scenario })),
    ratePerSecond: options.rate,
    start: startedAt,
    seed: options.seed,
  });
  const tally = emptyTally();
  const tty = process.stderr.isTTY;
  let stopping = false;
  process.on('SIGINT', () => {
    if (stopping) process.exit(130);
    stopping = true;
  });
  process.on('SIGTERM', () => {
    stopping = true;
  });
  const endAt = options.durationS > 0 ? startedAt + options.durationS * 1000 : Number.POSITIVE_INFINITY;
  let lastPlain = startedAt;
  while (!stopping && Date.now() < endAt) {
    const tickStart = Date.now();
    const events = simulation.advance(Math.min(tickStart, endAt));
    const batches: SignalInput[][] = [];
    for (let i = 0; i < events.length; i += MAX_SIGNAL_BATCH)
      batches.push(events.slice(i, i + MAX_SIGNAL_BATCH));
    // Up to four batches in flight: enough for tens of thousands of events a second from one process.
    for (let i = 0; i < batches.length; i += 4)
      await Promise.all(
        batches.slice(i, i + 4).map((b) => postBatch(options.url, token as string, b, tally, () => stopping)),
      );
    if (tty) process.stderr.write(`\r\x1b[2K${progressLine(tally, startedAt)}`);
    else if (Date.now() - lastPlain >= 10_000) {
      lastPlain = Date.now();
      console.error(progressLine(tally, startedAt));
    }
    await sleep(Math.max(0, 1000 - (Date.now() - tickStart)));
  }
  if (tty) process.stderr.write('\n');
  console.error(`simulate: ${stopping ? 'stopped' : 'done'}: ${progressLine(tally, startedAt)}`);
  if (tally.failedBatches) console.error(`simulate: ${tally.failedBatches} batches failed`);
  for (const [reason, n] of [...tally.reasons].sort((a, b) => b[1] - a[1]).slice(0, 5))
    console.error(`  ${grouped(n)} × ${reason}`);
  process.exit(tally.failedBatches > 0 ? 1 : 0);
}

export const emptyTally = (): Tally => ({
  sent: 0,
  accepted: 0,
  rejected: 0,
  throttled: 0,
  failedBatches: 0,
  reasons: new Map(),
});

// Run as a script; imported (by its test), only the sender above is used.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
