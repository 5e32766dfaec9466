// The harness every HTTP bench shares: the built server on a throwaway database, signed in, loaded by autocannon.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { projectRoot } from '../src/server/paths.js';

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const POSTGRES_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
export const ADMIN = { email: 'bench@example.test', password: 'bench password 123' };

export interface Figure {
  database: string;
  route: string;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
  non2xx: number;
}

export async function startServer(
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist/server/main.js')], {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/running at (http:\S+)/);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { url, child };
}

export async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('sb_session='));
  if (!cookie) throw new Error(`sign-in failed: ${response.status}`);
  return cookie.split(';')[0] as string;
}

export async function seedPartners(url: string, cookie: string, count: number): Promise<void> {
  const csrfToken = await csrfTokenOf(url, cookie);
  for (let i = 0; i < count; i++) {
    await fetch(`${url}/api/v1/partners`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Bench partner ${i}`, status: 'launched' }),
    });
  }
}

export interface LoadOptions {
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  body?: string;
  connections?: number;
  /** How the figure names the route, e.g. with `{partnerId}` instead of the id. */
  label?: string;
}

/** Loads one route for SECONDS with autocannon and reads off throughput and latency. */
export async function load(
  database: string,
  url: string,
  route: string,
  options: LoadOptions = {},
): Promise<Figure> {
  const method = options.method ?? 'GET';
  const connections = options.connections ?? CONNECTIONS;
  process.stdout.write(
    `bench: ${database} ${method} ${route} for ${SECONDS}s with ${connections} connections... `,
  );
  const result = await autocannon({
    url: `${url}${route}`,
    connections,
    duration: SECONDS,
    method,
    headers: options.headers ?? {},
    body: options.body,
  });
  const figure: Figure = {
    database,
    route: `${method} ${options.label ?? route}`,
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
  console.log(
    `${figure.requestsPerSecond} req/s, p50 ${figure.latencyP50Ms} ms, p99 ${figure.latencyP99Ms} ms`,
  );
  return figure;
}

/** The session's CSRF token, which every write needs. */
export async function csrfTokenOf(url: string, cookie: string): Promise<string> {
  const me = (await (await fetch(`${url}/api/v1/auth/me`, { headers: { cookie } })).json()) as {
    csrfToken: string;
  };
  return me.csrfToken;
}

export async function withPostgresDatabase<T>(run: (url: string) => Promise<T>): Promise<T | null> {
  const name = `sb_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await admin.connect();
  } catch (error) {
    console.log(`bench: PostgreSQL skipped (${(error as Error).message})`);
    return null;
  }
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    return await run(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** Runs `measure` on PGlite in a temporary directory and, when reachable, on a fresh PostgreSQL database. */
export async function onBothDatabases<T>(
  measure: (database: string, env: Record<string, string>) => Promise<T[]>,
) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sb-bench-'));
  const figures: T[] = [];
  try {
    figures.push(...(await measure('pglite', { DATA_DIR: dataDir })));
    figures.push(
      ...((await withPostgresDatabase((url) => measure('postgres', { DATABASE_URL: url }))) ?? []),
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  return figures;
}

/** Starts the server with `env`, runs `body` against it, and stops it. */
export async function withServer<T>(
  env: Record<string, string>,
  body: (url: string) => Promise<T>,
): Promise<T> {
  const { url, child } = await startServer(env);
  try {
    return await body(url);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('exit', resolve));
  }
}
