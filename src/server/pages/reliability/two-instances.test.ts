import { setTimeout as sleep } from 'node:timers/promises';
import { and, count, eq, inArray, lte } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Agent, signedInUser } from '../../../../tests/support/factories.js';
import { createPagedService } from '../../../../tests/support/oncall-service.js';
import { openPageOn } from '../../../../tests/support/page-api.js';
import { startSmtpServer } from '../../../../tests/support/smtp.js';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { startWebhookReceiver } from '../../../../tests/support/webhook-receiver.js';
import { buildApp } from '../../app.js';
import type { AppContext } from '../../context.js';
import type { DatabaseHandle } from '../../db/client.js';
import { jobs, notifications } from '../../db/schema/index.js';
import { allJobs } from '../../jobs.js';
import { MINUTE } from '../../lib/clock.js';
import { createJobWorker, type JobWorker } from '../../lib/job-worker.js';
import { createSmtpMailer } from '../../lib/mail.js';

const PAGES = 120;

/** Two instances share one database, which only PostgreSQL allows; without TEST_DATABASE_URL there is none. */
function postgresAvailable(): boolean {
  if (inject('postgresTemplate')) return true;
  if (process.env.TEST_DATABASE_URL)
    throw new Error('TEST_DATABASE_URL is set, but its PostgreSQL could not be prepared for this run');
  console.warn('\n[switchboard] two-instance test skipped: it needs PostgreSQL (set TEST_DATABASE_URL).\n');
  return false;
}

/** Waits (real time) while the instances' workers poll. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

interface Instance {
  app: FastifyInstance;
  worker: JobWorker;
  /** Jobs this instance's worker finished, by name. */
  ran: Map<string, number>;
}

/*
 * Two Switchboard instances on one PostgreSQL database, each with its own connection pool, HTTP app, mailer and
 * job worker polling on its own; they share only the (manual) clock. Pages are opened through both, and every
 * notification must arrive exactly once: counted per page, per recipient, per channel at a recording SMTP
 * server, a recording webhook receiver and the in-app rows.
 */
describe.runIf(postgresAvailable())('two instances on one PostgreSQL', () => {
  let t: TestApp;
  let second: DatabaseHandle;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const instances: Instance[] = [];

  async function startInstance(ctx: AppContext, app: FastifyInstance): Promise<Instance> {
    const ran = new Map<string, number>();
    const worker = createJobWorker({
      db: ctx.db,
      clock: ctx.clock,
      logger: ctx.logger,
      definitions: allJobs(ctx),
      pollMs: 20,
      onOutcome: (name, outcome) => {
        if (outcome === 'done') ran.set(name, (ran.get(name) ?? 0) + 1);
      },
    });
    worker.start();
    return { app, worker, ran };
  }

  beforeAll(async () => {
    smtp = await startSmtpServer();
    receiver = await startWebhookReceiver();
    t = await createTestApp('postgres', { config: { smtpUrl: smtp.url } });
    t.clock.set('2027-05-02T01:00:00Z');
    second = await t.database.reopen();
    const secondCtx: AppContext = { ...t.ctx, db: second.db, mailer: createSmtpMailer(smtp.url) };
    const { app } = await buildApp(secondCtx, { webDir: '/nonexistent' });
    instances.push(await startInstance(t.ctx, t.app), await startInstance(secondCtx, app));
  });
  afterAll(async () => {
    for (const instance of instances) await instance.worker.stop();
    await instances[1]?.app.close();
    await second?.close();
    await t?.close();
    await smtp?.close();
    await receiver?.close();
  });

  /** The same signed-in user talking to another instance: sessions live in the shared database. */
  const through = (app: FastifyInstance, agent: Agent): Agent => ({
    ...agent,
    request: (options) =>
      app.inject({
        ...options,
        cookies: { sb_session: agent.cookie },
        headers: { 'x-csrf-token': agent.csrfToken, ...(options.headers ?? {}) },
      }),
  });
  /** Jobs due now that are not finished: while there are any, a worker still has something to do. */
  const dueJobs = async () => {
    const [row] = await t.ctx.db
      .select({ n: count() })
      .from(jobs)
      .where(and(inArray(jobs.status, ['queued', 'running']), lte(jobs.runAt, t.clock.now())));
    return row?.n ?? 0;
  };
  const settled = async () => (await dueJobs()) === 0;

  it(`sends every notification exactly once over ${PAGES} pages opened through both instances`, async () => {
    const admin = await signedInUser(t, { role: 'admin', name: 'Ada Admin' });
    const ana = await signedInUser(t, { role: 'oncall_engineer', name: 'Ana Engineer' });
    const ben = await signedInUser(t, { role: 'oncall_engineer', name: 'Ben Backup' });
    await ana.request({ method: 'PUT', url: '/api/v1/me/webhook', payload: { url: receiver.url } });
    const rules = ['email', 'webhook', 'in_app'].map((channel) => ({
      urgency: 'high',
      channel,
      delayMinutes: 0,
    }));
    const saved = await ana.request({
      method: 'PUT',
      url: '/api/v1/me/notification-rules',
      payload: { rules },
    });
    expect(saved.statusCode).toBe(200);
    const { serviceId } = await createPagedService(admin, [ana], { second: [ben], delayMinutes: 10 });

    const admins = instances.map((instance) => through(instance.app, admin));
    const opened: { id: string; number: number }[] = [];
    for (let batch = 0; batch < PAGES / 10; batch++) {
      const pages = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          openPageOn(admins[i % 2] as Agent, serviceId, `Outage ${batch * 10 + i} via ${i % 2 ? 'B' : 'A'}`),
        ),
      );
      opened.push(...pages);
    }
    await until('level 1 to be delivered', async () => smtp.received.length >= PAGES && (await settled()));
    // Level 2 for every page at once: both workers race for the steps.
    t.clock.advance(10 * MINUTE);
    await until(
      'level 2 to be delivered',
      async () => smtp.received.length >= 2 * PAGES && (await settled()),
    );
    await sleep(300); // anything sent twice would arrive now

    const numberOf = new Map(opened.map((page) => [page.number, page.id]));
    const tally = new Map<string, number>();
    const note = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
    for (const mail of smtp.received) {
      const number = Number(/Page #(\d+):/.exec(mail.subject)?.[1]);
      note(`${numberOf.get(number) ?? `unknown #${number}`} ${mail.to} email`);
    }
    for (const hook of receiver.received) note(`${JSON.parse(hook.body).data.id} ${ana.user.email} webhook`);
    const inApp = await t.ctx.db
      .select({ pageId: notifications.pageId })
      .from(notifications)
      .where(and(eq(notifications.channel, 'in_app'), eq(notifications.userId, ana.user.id)));
    for (const row of inApp) note(`${row.pageId} ${ana.user.email} in_app`);

    const expected = new Map<string, number>();
    for (const page of opened) {
      for (const channel of ['email', 'webhook', 'in_app'])
        expected.set(`${page.id} ${ana.user.email} ${channel}`, 1);
      expected.set(`${page.id} ${ben.user.email} email`, 1);
    }
    expect(opened).toHaveLength(PAGES);
    expect(Object.fromEntries(tally)).toEqual(Object.fromEntries(expected));
    expect(receiver.received.every((hook) => hook.status === 204)).toBe(true);
    // Both instances did the work: each sent notifications and took escalation steps.
    for (const instance of instances) {
      expect(instance.ran.get('notifications.send')).toBeGreaterThan(0);
      expect(instance.ran.get('pages.escalate')).toBeGreaterThan(0);
    }
    const sends = instances.map((i) => i.ran.get('notifications.send') ?? 0);
    expect(sends.reduce((sum, n) => sum + n, 0)).toBe(3 * PAGES);
  });
});
