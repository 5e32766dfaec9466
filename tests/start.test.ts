import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/server/paths.js';

/** Runs the real entry point (src/server/main.ts through tsx) as a separate process. */
function startServer(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ADMIN_EMAIL: '', ADMIN_PASSWORD: '', DATABASE_URL: '', ...env },
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

async function waitFor(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('starting the server', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

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
    expect(server.output().trim().split('\n')).toHaveLength(1);
  });

  it('creates a first admin, keeps data across a restart, and shuts down gracefully on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'sb-start-'));
    dirs.push(dataDir);
    const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };

    const first = startServer(env);
    await waitFor(
      () =>
        /running at (http:\S+)/.test(first.output()) && /password (\S+) \(shown once\)/.test(first.output()),
    );
    const url = first.output().match(/running at (http:\S+)/)?.[1] as string;
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
});
