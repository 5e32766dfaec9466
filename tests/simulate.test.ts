import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyTally, postBatch } from '../scripts/simulate.js';
import { rowsOf } from '../src/server/db/client.js';
import { buildPartner, buildUser, PASSWORD } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The script as a user runs it; resolves with its exit code and what it wrote on stderr. */
function simulate(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('npm run simulate against the app', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    t.clock.set(new Date());
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('signs in, makes an ingest token, and posts each partner’s scenario: an outage is all errors', async () => {
    const admin = await buildUser(t, { role: 'admin' });
    const down = await buildPartner(t, { name: 'Down Foods' });
    const fine = await buildPartner(t, { name: 'Fine Foods' });
    t.clock.set(new Date());
    const run = await simulate([
      ...['--url', url, '--email', admin.email, '--password', PASSWORD, '--partners', '0'],
      ...['--rate', '200', '--duration', '3', '--seed', '5'],
      ...['--scenario', 'outage:down foods', '--scenario', `healthy:${fine.id}`],
    ]);
    expect(run.stderr).toContain('created ingest token');
    expect(run.stderr).toMatch(/simulate: done: sent [\d,]+ .* rejected 0/);
    expect(run.code).toBe(0);
    const calls = rowsOf<{ partner_id: string; ok: string; errors: string }>(
      await t.ctx.db.execute(
        sql`select partner_id, sum(ok_count) as ok, sum(error_count) as errors from call_minutes group by 1`,
      ),
    );
    const of = (id: string) => calls.find((c) => c.partner_id === id);
    expect(Number(of(down.id)?.ok)).toBe(0);
    expect(Number(of(down.id)?.errors)).toBeGreaterThan(100);
    expect(Number(of(fine.id)?.ok)).toBeGreaterThan(100);
  }, 60_000);

  it('refuses an unknown partner or scenario before sending anything', async () => {
    const admin = await buildUser(t, { role: 'admin' });
    const login = ['--url', url, '--email', admin.email, '--password', PASSWORD];
    const unknown = await simulate([...login, '--scenario', 'outage:Nobody']);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('no partner named Nobody') });
    const bad = await simulate([...login, '--scenario', 'meltdown:Fine Foods']);
    expect(bad.stderr).toContain('unknown scenario meltdown');
  }, 60_000);
});

describe('postBatch', () => {
  it('waits out a 429 for its Retry-After and sends the batch again', async () => {
    const seen: number[] = [];
    const server = createServer((request, response) => {
      request.resume();
      seen.push(Date.now());
      if (seen.length === 1) response.writeHead(429, { 'retry-after': '1' }).end('{}');
      else
        response.writeHead(202, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            accepted: 1,
            rejected: [{ index: 1, reason: 'at: older than the retention period' }],
          }),
        );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const tally = emptyTally();
    const event = {
      type: 'merchants' as const,
      partnerId: 'p',
      serving: 1,
      total: 2,
      at: new Date().toISOString(),
    };
    await postBatch(url, 'token', [event, event], tally, () => false);
    server.close();
    expect(seen).toHaveLength(2);
    expect((seen[1] as number) - (seen[0] as number)).toBeGreaterThanOrEqual(950);
    expect(tally).toMatchObject({ sent: 2, accepted: 1, rejected: 1, throttled: 1, failedBatches: 0 });
    expect([...tally.reasons]).toEqual([['at: older than the retention period', 1]]);
  });
});
