// `npm run demo`: a believable Switchboard on the embedded database (PGlite in DATA_DIR, ./data by default; or
// DATABASE_URL): seeds the demo world once (scripts/demo/seed.ts), starts the app, and runs the simulator against
// it (one partner at 10 % errors, one with a failing feed, the rest healthy). Prints the URL and the logins.
// Ctrl-C stops both. Options: --rate <calls/s> (default 100), --no-simulator.

import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/server/app.js';
import { openConfiguredDatabase } from '../src/server/cli/open-database.js';
import { loadConfig } from '../src/server/config.js';
import { type AppContext, baseUrl } from '../src/server/context.js';
import { migrateDatabase } from '../src/server/db/migrate.js';
import { scheduleHealthJobs } from '../src/server/health/jobs.js';
import { allJobs } from '../src/server/jobs.js';
import { systemClock } from '../src/server/lib/clock.js';
import { createJobWorker } from '../src/server/lib/job-worker.js';
import { createLogger } from '../src/server/lib/logger.js';
import { createSmtpMailer } from '../src/server/lib/mail.js';
import { schedulePrune } from '../src/server/system/jobs.js';
import {
  DEMO_PARTNERS,
  DEMO_PASSWORD,
  fillHealthHistoryGap,
  liveScenarios,
  partnerAdminEmail,
  STAFF,
  seedDemo,
} from './demo/seed.js';

const step = (what: string) => console.log(`demo: ${what}`);
/** Set once Ctrl-C (or SIGTERM) arrives: the simulator's exit is then expected. */
let stopping = false;

async function main() {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '100' },
      'no-simulator': { type: 'boolean', default: false },
    },
  });
  const rate = Number(values.rate);
  if (!Number.isFinite(rate) || rate <= 0)
    throw new Error(`--rate must be a positive number, got ${values.rate}`);

  // The SPA the app serves: built when missing or older than its sources, as `npm start` does.
  const builds = (await import('./build-if-stale.mjs' as string)) as { buildWebIfStale(): void };
  builds.buildWebIfStale();

  const config = loadConfig();
  const logger = createLogger(config);
  const where = config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
  step(`opening and migrating the database (${where})`);
  const database = await openConfiguredDatabase(config);
  await migrateDatabase(database);
  const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl) : null;
  const ctx: AppContext = { db: database.db, clock: systemClock, config, logger, mailer };
  const { app, metrics } = await buildApp(ctx);
  await app.ready();

  const seeded = await seedDemo(ctx, app, (what) => step(`seeding ${what}`));
  step(seeded ? 'seeded the demo world' : 'the demo world is already there: starting it');
  if (!seeded) {
    const filled = await fillHealthHistoryGap(ctx);
    if (filled > 0) step(`filled the ${formatGap(filled)} of health history since the demo last ran`);
  }

  const worker = createJobWorker({
    db: ctx.db,
    clock: ctx.clock,
    logger,
    definitions: allJobs(ctx),
    pollMs: config.jobPollMs,
    onOutcome: metrics.recordJob,
  });
  await schedulePrune(ctx);
  await scheduleHealthJobs(ctx);
  await app.listen({ port: config.port, host: config.host });
  config.port = (app.server.address() as AddressInfo).port;
  worker.start();
  const url = baseUrl(config);
  const local = `http://127.0.0.1:${config.port}`;

  const simulator = values['no-simulator'] ? null : startSimulator(local, rate);
  printWelcome(url, rate, simulator !== null);

  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    step('stopping');
    if (simulator && simulator.exitCode === null) {
      simulator.kill('SIGTERM');
      await new Promise((resolve) => {
        simulator.once('exit', resolve);
        setTimeout(resolve, 5000).unref();
      });
    }
    await app.close();
    await worker.stop();
    mailer?.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

const formatGap = (minutes: number) =>
  minutes < 120 ? `${minutes} minutes` : `${Math.round(minutes / 60)} hours`;

/** The simulate script as a child: its progress line on this terminal's stderr, stopped with the demo. */
function startSimulator(url: string, rate: number): ChildProcess {
  const script = fileURLToPath(new URL('./simulate.ts', import.meta.url));
  const scenarios = liveScenarios().map((p) => `${p.scenario}:${p.name}`);
  const args = ['--import', 'tsx', script, '--url', url, '--partners', '0', '--rate', String(rate)];
  args.push('--duration', '0', '--scenario', scenarios.join(','));
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      SWITCHBOARD_ADMIN_EMAIL: STAFF[0].email,
      SWITCHBOARD_ADMIN_PASSWORD: DEMO_PASSWORD,
    },
  });
  child.on('exit', (code, signal) => {
    if (!stopping && signal === null && code !== 0)
      step(`the simulator stopped (exit ${code}); the app keeps running`);
  });
  return child;
}

function printWelcome(url: string, rate: number, simulating: boolean) {
  const staffRole = {
    admin: 'platform admin',
    support_agent: 'support agent',
    oncall_engineer: 'on-call engineer',
    consultant: 'consultant',
  };
  const lines = [
    '',
    `Switchboard demo is running at ${url}`,
    '',
    `Logins (password for all: ${DEMO_PASSWORD}):`,
    ...STAFF.map((s) => `  ${staffRole[s.role].padEnd(18)} ${s.email}`),
    ...DEMO_PARTNERS.map(
      (p) =>
        `  ${`partner admin`.padEnd(18)} ${partnerAdminEmail(p).padEnd(44)} ${p.name} (${p.paused ? 'launched, paused' : p.status}, ${p.locale})`,
    ),
    '',
    'What to look at:',
    `  ${url}/health            partner health overview (as the admin): ${simulating ? `live traffic at ${rate} calls/s` : 'history only (--no-simulator)'}`,
    '                              Tavola Systems at 10 % errors → an error-increase escalation within minutes,',
    "                              Lieferwerk GmbH's feeds failing for a day → stale feeds;",
    "                              Bistro Connect: yesterday's 3-hour errors10 spike on its week chart",
    `  ${url}/triage            the urgent case from Tavola Systems with its partner signals`,
    `  ${url}/queue             cases in every state (as the support agent)`,
    `  ${url}/schedules         the on-call rotation; ${url}/pages for pages`,
    `  ${url}/outbox            escalation emails to partners' contacts (no SMTP_URL: mail stays here)`,
    '',
    'Ctrl-C stops the app and the simulator; run `npm run demo` again to continue with the same world.',
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(`demo: ${(error as Error).message}`);
  process.exit(1);
});
