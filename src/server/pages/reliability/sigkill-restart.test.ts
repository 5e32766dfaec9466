import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq, like } from 'drizzle-orm';
import { describe, inject, it } from 'vitest';
import { type AppProcess, startAppProcess } from '../../../../tests/support/app-process.js';
import { DATABASE_KINDS } from '../../../../tests/support/databases.js';
import { signInOverHttp } from '../../../../tests/support/http-session.js';
import type { TimelineEvent } from '../../../../tests/support/page-api.js';
import { clonePostgresDatabase } from '../../../../tests/support/postgres-clone.js';
import { type ReceivedMail, startSmtpServer } from '../../../../tests/support/smtp.js';
import { type DatabaseHandle, type DatabaseKind, openPglite, openPostgres } from '../../db/client.js';
import { jobs } from '../../db/schema/index.js';

const ADMIN = { email: 'oncall-admin@example.test', password: 'restart test admin password' };
const BEN = 'ben.backup@example.test';

/** Real time at which the first mail matching `match` is seen (polled every 20 ms). */
async function arrivalOf(
  received: ReceivedMail[],
  match: (mail: ReceivedMail) => boolean,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!received.some(match)) {
    if (Date.now() > deadline) throw new Error(`no such mail; got: ${received.map((m) => m.to).join(', ')}`);
    await sleep(20);
  }
  return Date.now();
}

/*
 * The real server process (src/server/main.ts) is SIGKILLed while a page waits at level 1 of two, and started
 * again on the same database: level 2 is notified when its step is due, once, and level 1 is not notified again.
 * The process runs on the system clock and the API's shortest level delay is a minute, so the minute "passes"
 * while the process is down: the test moves the queued step's due time to a few seconds from now, the one write
 * it makes behind the app's back. Everything else (the step surviving the kill, the restarted worker finding it
 * and running it at that time, and only it) is the app's own doing.
 */
describe('an app process killed while a page waits at level 1', () => {
  /** A recording SMTP server and a database of the kind for the processes, all removed when the test ends. */
  async function prepare(kind: DatabaseKind, onTestFinished: (cleanup: () => Promise<void>) => void) {
    const smtp = await startSmtpServer();
    const dir = await mkdtemp(path.join(tmpdir(), 'sb-sigkill-'));
    const running: AppProcess[] = [];
    const env: Record<string, string> = {
      SMTP_URL: smtp.url,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      JOB_POLL_MS: '100',
    };
    let openDatabase: () => Promise<DatabaseHandle>;
    let dropDatabase = async () => {};
    if (kind === 'pglite') {
      const dataDir = path.join(dir, 'data');
      env.DATA_DIR = dataDir;
      // The run's migrated template as the data dir, so the first start does not spend its time migrating.
      const template = new Blob([await readFile(inject('pgliteTemplatePath'))]);
      await (await openPglite({ dataDir, loadDataDir: template })).close();
      openDatabase = () => openPglite({ dataDir });
    } else {
      const database = await clonePostgresDatabase();
      env.DATABASE_URL = database.url;
      openDatabase = () => openPostgres(database.url, { max: 1 });
      dropDatabase = database.drop;
    }
    onTestFinished(async () => {
      for (const app of running)
        if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
      await Promise.all(running.map((app) => app.exited));
      await smtp.close();
      await dropDatabase();
      await rm(dir, { recursive: true, force: true });
    });
    const start = async () => {
      const app = await startAppProcess(env);
      running.push(app);
      return app;
    };
    return { smtp, start, openDatabase };
  }

  // Concurrently: most of each test is waiting for a process to start or a job to fall due.
  it.concurrent.for(DATABASE_KINDS)(
    '[%s] notifies level 2 at its due time after a restart, once, and level 1 not again',
    { timeout: 120_000 },
    async (kind, { expect, onTestFinished }) => {
      const { smtp, start, openDatabase } = await prepare(kind, onTestFinished);
      const first = await start();
      const admin = await signInOverHttp(first.url, ADMIN.email, ADMIN.password);
      const ben = await admin.request('POST', '/api/v1/users', {
        email: BEN,
        name: 'Ben Backup',
        role: 'oncall_engineer',
        password: 'ben backup password',
      });
      expect(ben.status).toBe(201);
      const level = (id: string) => ({ delayMinutes: 1, targets: [{ type: 'user', id }] });
      const policy = await admin.request('POST', '/api/v1/escalation-policies', {
        name: 'Restart drill',
        levels: [level(admin.user.id), level(ben.json.id)],
        repeat: 0,
      });
      const service = await admin.request('POST', '/api/v1/services', {
        name: 'Checkout',
        escalationPolicyId: policy.json.id,
      });
      const opened = await admin.request('POST', '/api/v1/pages', {
        serviceId: service.json.id,
        title: 'Checkout down',
      });
      expect([policy.status, service.status, opened.status]).toEqual([201, 201, 201]);
      const page = opened.json as { id: string; number: number; createdAt: string };
      const aboutThisPage = (mail: ReceivedMail) =>
        mail.subject.includes(`Page #${page.number}: Checkout down`);

      await arrivalOf(smtp.received, (mail) => aboutThisPage(mail) && mail.to === ADMIN.email);
      // Killed once level 1's mail is also recorded as sent: a kill between SMTP and that write would send it again.
      const levelOneSent = async () => {
        const { timeline } = (await admin.request('GET', `/api/v1/pages/${page.id}`)).json as {
          timeline: TimelineEvent[];
        };
        return timeline.find((event) => event.type === 'notified')?.delivery?.status === 'sent';
      };
      while (!(await levelOneSent())) await sleep(50);
      first.child.kill('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

      // Down: the step to level 2 is still queued, due a minute after the page opened. The minute passes.
      const database = await openDatabase();
      const steps = await database.db
        .select()
        .from(jobs)
        .where(like(jobs.singletonKey, `page:${page.id}:step:%`));
      expect(steps.map((s) => [s.name, s.status, s.attempts, /:0:0$/.test(s.singletonKey ?? '')])).toEqual([
        ['pages.escalate', 'queued', 0, true],
      ]);
      const delay = (steps[0]?.runAt.getTime() ?? 0) - new Date(page.createdAt).getTime();
      expect(delay).toBeGreaterThanOrEqual(60_000);
      expect(delay).toBeLessThan(61_000);
      const dueAt = Date.now() + 8_000;
      await database.db
        .update(jobs)
        .set({ runAt: new Date(dueAt) })
        .where(eq(jobs.id, steps[0]?.id ?? 0));
      await database.close();

      const second = await start();
      const arrived = await arrivalOf(smtp.received, (mail) => aboutThisPage(mail) && mail.to === BEN);
      expect(arrived).toBeGreaterThanOrEqual(dueAt);
      expect(arrived - Math.max(dueAt, second.readyAt)).toBeLessThan(5_000);
      await sleep(1_000); // a second notice to either level would arrive by now
      expect(smtp.received.filter(aboutThisPage).map((mail) => mail.to)).toEqual([ADMIN.email, BEN]);

      const again = await signInOverHttp(second.url, ADMIN.email, ADMIN.password);
      const detail = (await again.request('GET', `/api/v1/pages/${page.id}`)).json;
      expect([detail.status, detail.level]).toEqual(['triggered', 2]);
      expect(
        (detail.timeline as TimelineEvent[])
          .filter((event) => event.type === 'notified')
          .map((event) => [event.user?.id, event.channel, event.detail.level, event.delivery?.status]),
      ).toEqual([
        [admin.user.id, 'email', 1, 'sent'],
        [ben.json.id, 'email', 2, 'sent'],
      ]);
      second.child.kill('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
    },
  );
});
