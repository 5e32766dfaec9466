import { buildApp } from './app.js';
import { openConfiguredDatabase } from './cli/open-database.js';
import { ConfigError, loadConfig } from './config.js';
import type { AppContext } from './context.js';
import { migrateDatabase } from './db/migrate.js';
import { allJobs } from './jobs.js';
import { systemClock } from './lib/clock.js';
import { AppError } from './lib/errors.js';
import { createJobWorker } from './lib/job-worker.js';
import { createLogger, serializeError } from './lib/logger.js';
import { createSmtpMailer } from './lib/mail.js';
import { schedulePrune } from './system/jobs.js';
import { ensureFirstAdmin } from './users/platform-admins.js';

function fail(message: string): never {
  console.error(`switchboard: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const database = await openConfiguredDatabase(config);
  await migrateDatabase(database);
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

  const address = await app.listen({ port: config.port, host: config.host });
  worker.start();

  const url = config.publicUrl ?? address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  console.log(
    `\nSwitchboard is running at ${url}  (database: ${database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'})`,
  );
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
