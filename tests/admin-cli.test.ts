import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { type Database, openPglite } from '../src/server/db/client.js';
import { users } from '../src/server/db/schema/index.js';
import { systemClock } from '../src/server/lib/clock.js';
import { projectRoot } from '../src/server/paths.js';

/** Runs the documented command, `npm run admin -- …` (--silent keeps npm's own lines out of the output). */
function runAdmin(args: string[], env: Record<string, string> = {}) {
  const child = spawn('npm', ['run', '--silent', 'admin', '--', ...args], {
    cwd: projectRoot,
    env: {
      ...process.env,
      // npm's scripts run `node` from PATH: the one running these tests.
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      ADMIN_EMAIL: '',
      ADMIN_PASSWORD: '',
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

/** Opens the data dir the command wrote, as the server would, and signs in through the app. */
async function withApp(dataDir: string, use: (app: FastifyInstance, db: Database) => Promise<void>) {
  const database = await openPglite({ dataDir });
  const config = { ...loadConfig({}), dataDir };
  const { app } = await buildApp(
    { db: database.db, clock: systemClock, config, logger: pino({ level: 'silent' }), mailer: null },
    { webDir: '/nonexistent' },
  );
  try {
    await use(app, database.db);
  } finally {
    await app.close();
    await database.close();
  }
}

const printedPassword = (stdout: string) => stdout.match(/with password (\S+) \(shown once\)/)?.[1] ?? '';

describe('npm run admin', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it.each([[['reset']], [['reset', 'not-an-email']]])(
    'prints one usage line and exits non-zero for %j',
    async (args) => {
      const result = await runAdmin(args);
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^usage: npm run admin -- reset <email>/),
      ]);
    },
    120_000,
  );

  it('creates a platform admin, and later re-enables it, each signing in with the password it printed', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'sb-admin-'));
    dirs.push(dataDir);
    const login = (app: FastifyInstance, password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'ops@example.test', password },
      });

    const created = await runAdmin(['reset', 'ops@example.test'], { DATA_DIR: dataDir });
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/created platform admin ops@example\.test/);
    const first = printedPassword(created.stdout);
    await withApp(dataDir, async (app, db) => {
      expect((await login(app, first)).statusCode).toBe(200);
      // Locked out: the only admin disabled (as data from before the last admin was protected can be).
      await db.update(users).set({ disabledAt: new Date() }).where(eq(users.email, 'ops@example.test'));
      expect((await login(app, first)).statusCode).toBe(401);
    });

    const restored = await runAdmin(['reset', 'Ops@Example.test'], { DATA_DIR: dataDir });
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/re-enabled platform admin ops@example\.test/);
    const second = printedPassword(restored.stdout);
    expect(second).not.toBe(first);
    await withApp(dataDir, async (app, db) => {
      expect((await login(app, first)).statusCode).toBe(401);
      expect((await login(app, second)).statusCode).toBe(200);
      const admins = await db.select().from(users).where(eq(users.role, 'admin'));
      expect(admins).toMatchObject([{ email: 'ops@example.test', disabledAt: null }]);
    });
  }, 180_000);
});
