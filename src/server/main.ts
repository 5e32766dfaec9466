import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import { openConfiguredDatabase } from './cli/open-database.js';
import { ConfigError, loadConfig } from './config.js';
import { type AppContext, baseUrl } from './context.js';
import { migrateDatabase } from './db/migrate.js';
import { scheduleHealthJobs } from './health/jobs.js';
import { allJobs } from './jobs.js';
import { systemClock } from './lib/clock.js';
import { AppError } from './lib/errors.js';
import { createJobWorker } from './lib/job-worker.js';
import { createLogger, serializeError } from './lib/logger.js';
import { createSmtpMailer } from './lib/mail.js';
import { schedulePrune } from './system/jobs.js';
import { ensureFirstAdmin } from './users/platform-admins.js';

/** A line while a slow step works: PGlite's first open and the migrations take seconds. */
function step(what: string): void {
  console.log(`switchboard: ${what}...`);
}

function fail(message: string): never {
  console.error(`switchboard: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const databaseName = config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
  step(`migrating the database (${databaseName})`);
  const database = await openConfiguredDatabase(config);
  await migrateDatabase(database);
  step('starting the server');
  const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl) : null;
  const ctx: AppContext = { db: database.db, clock: systemClock, config, logger, mailer };

  const firstAdmin = await ensureFirstAdmin(ctx).catch((error: unknown) => {
    // The one refusal: ADMIN_EMAIL names a partner's account.
    throw error instanceof AppError ? new ConfigError('ADMIN_EMAIL', error.message) : error;
  });
  const { app, metrics } = await buildApp(ctx);
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
  // PORT=0 lets the system choose; the start line and the links in mail name the port it chose.
  config.port = (app.server.address() as AddressInfo).port;
  worker.start();

  console.log(`\nSwitchboard is running at ${baseUrl(config)}  (database: ${databaseName})`);
  if (firstAdmin) {
    const why = firstAdmin.existing ? 'No enabled admin' : 'First start';
    console.log(
      firstAdmin.password
        ? `${why}: sign in as ${firstAdmin.email} with password ${firstAdmin.password} (shown once).`
        : `${why}: ${firstAdmin.existing ? 're-enabled' : 'created'} admin ${firstAdmin.email} from ADMIN_EMAIL.`,
    );
  }

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    // Stop taking requests and wait for in-flight ones, then let running jobs finish, then close the database.
    await app.close();
    await worker.stop();
    mailer?.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) fail(error.message);
  // Through the log's error serializer: a failed query's bound values stay out of the output.
  const logged = serializeError(error);
  console.error(logged.stack);
  fail(`could not start: ${logged.message}`);
});
