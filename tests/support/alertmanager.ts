import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Debian's Alertmanager (`apt-get install prometheus-alertmanager`), for the peer test and the bench. */
export const ALERTMANAGER_PATH = process.env.ALERTMANAGER_PATH ?? '/usr/bin/prometheus-alertmanager';

export const alertmanagerInstalled = () => existsSync(ALERTMANAGER_PATH);

export interface RunningAlertmanager {
  url: string;
  /** What it has logged lately, for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts Alertmanager with `config` (alertmanager.yml) on a free loopback port, with its storage in a temporary
 * directory and clustering off, and waits until it is ready. Tests keep its debug log for their failure messages;
 * the bench quiets it, so logging does not slow what it measures.
 */
export async function startAlertmanager(
  config: string,
  options: { logLevel?: 'debug' | 'warn' } = {},
): Promise<RunningAlertmanager> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sb-alertmanager-'));
  await writeFile(path.join(dir, 'alertmanager.yml'), config);
  const port = await freePort();
  const child = spawn(
    ALERTMANAGER_PATH,
    [
      `--config.file=${path.join(dir, 'alertmanager.yml')}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      `--log.level=${options.logLevel ?? 'debug'}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = `${output}${chunk}`.slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const running: RunningAlertmanager = {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 10_000;
  while (!(await fetch(`${running.url}/-/ready`).catch(() => null))?.ok) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await running.stop();
      throw new Error(`Alertmanager did not start:\n${output}`);
    }
    await sleep(50);
  }
  return running;
}
