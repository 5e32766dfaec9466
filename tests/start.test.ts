import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/server/paths.js';

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs the real entry point (src/server/main.ts through tsx) as a separate process. */
function startServer(env: Record<string, string>): Started {
  return spawnServer(projectRoot, ['--import', 'tsx', 'src/server/main.ts'], env);
}

function spawnServer(cwd: string, args: string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, args, {
    cwd,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: '',
      ADMIN_PASSWORD: '',
      DATABASE_URL: '',
      PUBLIC_URL: '',
      ...env,
    },
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What a start prints before "Switchboard is running at …". */
function linesBeforeRunning(output: string): string[] {
  return output.slice(0, output.indexOf('Switchboard is running at')).trimEnd().split('\n');
}

const STEP = /^switchboard: [a-z ]+(\(.*\))?\.\.\.$/;

describe('starting the server', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  async function tempDir(prefix: string): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  }

  it.each([
    [{ PORT: 'eighty' }, /^switchboard: PORT: must be a whole number, got "eighty"$/m],
    [
      { DATABASE_URL: 'mysql://x' },
      /^switchboard: DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\/$/m,
    ],
    [
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' },
      /^switchboard: DATABASE_URL: cannot connect to 127\.0\.0\.1:1: .+$/m,
    ],
  ])('stops with one line naming the bad setting %o', async (env, line) => {
    const server = startServer(env);
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(line);
    // Besides the steps it got through, one line, no stack trace.
    expect(
      server
        .output()
        .trim()
        .split('\n')
        .filter((printed) => !STEP.test(printed)),
    ).toHaveLength(1);
  });

  it('creates a first admin, keeps data across a restart, and shuts down gracefully on SIGTERM', async () => {
    const dataDir = await tempDir('sb-start-');
    const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };

    const first = startServer(env);
    await waitFor(
      () =>
        /running at (http:\S+)/.test(first.output()) && /password (\S+) \(shown once\)/.test(first.output()),
    );
    expect(linesBeforeRunning(first.output())).toEqual([
      `switchboard: migrating the database (PGlite in ${dataDir})...`,
      'switchboard: starting the server...',
    ]);
    const url = first.output().match(/running at (http:\S+)/)?.[1] as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const password = first.output().match(/password (\S+) \(shown once\)/)?.[1] as string;
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@switchboard.local', password }),
    });
    expect(login.status).toBe(200);

    // While it runs, a second process on the same data dir is refused instead of corrupting it.
    const intruder = startServer(env);
    expect(await intruder.exited).toBe(1);
    expect(intruder.output()).toMatch(/^switchboard: DATA_DIR: .* is in use by another Switchboard/m);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = startServer(env);
    await waitFor(() => /running at (http:\S+)/.test(second.output()));
    expect(second.output()).not.toContain('First start');
    const secondUrl = second.output().match(/running at (http:\S+)/)?.[1] as string;
    const again = await fetch(`${secondUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@switchboard.local', password }),
    });
    expect(again.status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 90_000);

  it('prints PUBLIC_URL as the one address, and no other, when it is set', async () => {
    const dataDir = await tempDir('sb-start-');
    const server = startServer({
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      PUBLIC_URL: 'https://support.example.test',
    });
    await waitFor(() => /\(shown once\)/.test(server.output()));
    expect(server.output().split('\n').slice(0, 4)).toEqual([
      `switchboard: migrating the database (PGlite in ${dataDir})...`,
      'switchboard: starting the server...',
      '',
      `Switchboard is running at https://support.example.test  (database: PGlite in ${dataDir})`,
    ]);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 90_000);

  it('npm start on a fresh checkout says each step: building, migrating, starting', async () => {
    // A copy, so that this first start builds into its own dist/ rather than the working tree's.
    const checkout = await tempDir('sb-checkout-');
    for (const name of ['src', 'scripts', 'package.json', 'package-lock.json', 'vite.config.ts']) {
      await cp(path.join(projectRoot, name), path.join(checkout, name), { recursive: true });
    }
    for (const name of ['tsconfig.json', 'tsconfig.server.json']) {
      await cp(path.join(projectRoot, name), path.join(checkout, name));
    }
    await symlink(path.join(projectRoot, 'node_modules'), path.join(checkout, 'node_modules'));
    const dataDir = path.join(checkout, 'data');

    const server = spawnServer(checkout, ['scripts/start.mjs'], {
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
    });
    await waitFor(() => /running at http:\S+/.test(server.output()), 150_000);
    expect(linesBeforeRunning(server.output())).toEqual([
      'switchboard: building the server...',
      'switchboard: building the web app...',
      `switchboard: migrating the database (PGlite in ${dataDir})...`,
      'switchboard: starting the server...',
    ]);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 180_000);
});
