import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import type { RouteEntry } from '../../src/server/auth/access.js';
import type { Tenancy } from '../../src/server/auth/tenancy.js';
import { type Config, loadConfig } from '../../src/server/config.js';
import type { AppContext } from '../../src/server/context.js';
import type { DatabaseKind } from '../../src/server/db/client.js';
import { allJobs } from '../../src/server/jobs.js';
import { createManualClock, type ManualClock } from '../../src/server/lib/clock.js';
import { createJobWorker, type JobWorker } from '../../src/server/lib/job-worker.js';
import { createSmtpMailer } from '../../src/server/lib/mail.js';
import type { Metrics } from '../../src/server/lib/metrics.js';
import { openTestDatabase, type TestDatabase } from './databases.js';

export interface TestApp {
  kind: DatabaseKind;
  app: FastifyInstance;
  ctx: AppContext;
  clock: ManualClock;
  database: TestDatabase;
  metrics: Metrics;
  tenancy: Tenancy;
  routes: RouteEntry[];
  /** Runs jobs on demand (`runDue`); browser tests start it polling. */
  worker: JobWorker;
  close(): Promise<void>;
}

export interface TestAppOptions {
  config?: Partial<Config>;
  webDir?: string;
  /** To read what the app logs: `createLogger(config, { write: (line) => lines.push(line) })`. */
  logger?: Logger;
}

export async function createTestApp(kind: DatabaseKind, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await openTestDatabase(kind);
  const clock = createManualClock();
  // Tests' webhook receivers listen on 127.0.0.1; the SSRF guard is tested on its own with this off.
  const config = { ...loadConfig({}), webhookAllowPrivateNetworks: true, ...options.config };
  const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl) : null;
  const ctx: AppContext = {
    db: database.db,
    clock,
    config,
    logger: options.logger ?? pino({ level: 'silent' }),
    mailer,
  };
  const worker = createJobWorker({
    db: database.db,
    clock,
    logger: ctx.logger,
    definitions: allJobs(ctx),
    pollMs: 100,
  });
  const { app, metrics, tenancy, routes } = await buildApp(ctx, { webDir: options.webDir ?? '/nonexistent' });
  return {
    kind,
    app,
    ctx,
    clock,
    database,
    metrics,
    tenancy,
    routes,
    worker,
    async close() {
      await worker.stop();
      await app.close();
      mailer?.close();
      await database.close();
    },
  };
}

/** Registers setup and teardown for the enclosing describe; the returned object is filled before the tests run. */
export function useTestApp(kind: DatabaseKind, options: TestAppOptions = {}): TestApp {
  const holder = {} as TestApp;
  beforeAll(async () => {
    Object.assign(holder, await createTestApp(kind, options));
  });
  afterAll(async () => {
    await holder.close?.();
  });
  return holder;
}
