import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from '../../src/server/paths.js';

export interface AppProcess {
  child: ChildProcess;
  /** Where it listens, from its start line. */
  url: string;
  /** Real time at which it said it was running. */
  readyAt: number;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the real entry point (src/server/main.ts through tsx) as its own process, on a free loopback port, and
 * waits for its "running at" line. `env` adds to and overrides a quiet default environment.
 */
export async function startAppProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: '',
      ADMIN_PASSWORD: '',
      DATABASE_URL: '',
      PUBLIC_URL: '',
      SMTP_URL: '',
      PORT: '0',
      HOST: '127.0.0.1',
      // The tests' webhook receivers listen on 127.0.0.1.
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      ...env,
    },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk;
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const url = /running at (http:\S+)/.exec(output)?.[1];
    if (url) return { child, url, readyAt: Date.now(), output: () => output, exited };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the app process did not start:\n${output}`);
    }
    await sleep(25);
  }
}
