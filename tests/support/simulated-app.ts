// The app in-process on a fresh in-memory PGlite with a manual clock, outside vitest (test-app.ts reads the
// migrated template vitest's global setup provides): for benches that move simulated time instead of waiting.
import pino from 'pino';
import { buildApp } from '../../src/server/app.js';
import { type Config, loadConfig } from '../../src/server/config.js';
import type { AppContext } from '../../src/server/context.js';
import { openPglite } from '../../src/server/db/client.js';
import { migrateDatabase } from '../../src/server/db/migrate.js';
import { allJobs } from '../../src/server/jobs.js';
import { createManualClock } from '../../src/server/lib/clock.js';
import { createJobWorker } from '../../src/server/lib/job-worker.js';
import { createToken } from '../../src/server/tokens/service.js';
import { insertUser } from '../../src/server/users/service.js';
import { userActor } from './actors.js';

export async function createSimulatedApp(options: { start: Date; config?: Partial<Config> }) {
  const database = await openPglite();
  await migrateDatabase(database);
  const clock = createManualClock(options.start);
  const config = { ...loadConfig({}), ...options.config };
  const ctx: AppContext = { db: database.db, clock, config, logger: pino({ level: 'silent' }), mailer: null };
  const worker = createJobWorker({
    db: ctx.db,
    clock,
    logger: ctx.logger,
    definitions: allJobs(ctx),
    pollMs: 100,
  });
  const { app } = await buildApp(ctx, { webDir: '/nonexistent' });
  return {
    app,
    ctx,
    clock,
    worker,
    async close() {
      await worker.stop();
      await app.close();
      await database.close();
    },
  };
}

/** An ingest token's secret, created by a platform admin made for it. */
export async function ingestSecret(ctx: AppContext): Promise<string> {
  const admin = await insertUser(ctx, ctx.db, {
    email: 'bench-admin@example.test',
    name: 'Bench admin',
    role: 'admin',
    password: 'bench password 123',
  });
  const token = await createToken(ctx, userActor(admin), {
    name: 'platform',
    scope: 'ingest',
    partnerId: null,
  });
  return token.secret;
}
