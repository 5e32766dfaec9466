import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALERTMANAGER_PATH,
  alertmanagerInstalled,
  type RunningAlertmanager,
  startAlertmanager,
} from '../../../tests/support/alertmanager.js';
import { DATABASE_KINDS } from '../../../tests/support/databases.js';
import { signedInUser } from '../../../tests/support/factories.js';
import { createPagedService, type PagedService } from '../../../tests/support/oncall-service.js';
import { createTestApp, type TestApp } from '../../../tests/support/test-app.js';
import { pages } from '../db/schema/index.js';

/*
 * The peer test: Debian's Alertmanager (`apt-get install prometheus-alertmanager`, as .ci/run does) posts its
 * webhook to a Switchboard listening on loopback. An alert posted to Alertmanager opens a page; the same alert
 * posted again with an end in the past resolves it.
 */
function alertmanagerAvailable(): boolean {
  if (alertmanagerInstalled()) return true;
  if (process.env.CI === 'true')
    throw new Error(
      `CI=true but no Alertmanager at ${ALERTMANAGER_PATH} (apt-get install prometheus-alertmanager)`,
    );
  console.warn(`\n[switchboard] Alertmanager peer test skipped: no Alertmanager at ${ALERTMANAGER_PATH}.\n`);
  return false;
}

async function until<T>(
  what: string,
  read: () => Promise<T | null | undefined>,
  log: () => string,
): Promise<T> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const value = await read();
    if (value) return value;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}; Alertmanager said:\n${log()}`);
}

// Short timings so a run takes a few seconds. The alert is posted with an end an hour away, so the short
// resolve_timeout (which only ends alerts sent without one) cannot resolve it: only the posted end can.
const config = (webhookUrl: string) => `
global:
  resolve_timeout: 1s
route:
  receiver: switchboard
  group_by: [alertname]
  group_wait: 50ms
  group_interval: 200ms
  repeat_interval: 1h
receivers:
  - name: switchboard
    webhook_configs:
      - url: ${JSON.stringify(webhookUrl)}
        send_resolved: true
`;

describe.runIf(alertmanagerAvailable()).each(DATABASE_KINDS)('Alertmanager peer [%s]', (kind) => {
  let t: TestApp;
  let service: PagedService;
  let alertmanager: RunningAlertmanager;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const admin = await signedInUser(t, { role: 'admin' });
    service = await createPagedService(admin, [admin]);
    const switchboard = await t.app.listen({ port: 0, host: '127.0.0.1' });
    alertmanager = await startAlertmanager(config(`${switchboard}${service.alertmanagerPath}`));
  });

  afterAll(async () => {
    await alertmanager?.stop();
    await t?.close();
  });

  const postAlert = async (endsAt: Date) => {
    const response = await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          labels: { alertname: 'CheckoutErrors', severity: 'error', service: 'ordering' },
          annotations: { summary: 'Checkout errors above 2 %' },
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: endsAt.toISOString(),
          generatorURL: 'http://prometheus.example.test/graph',
        },
      ]),
    });
    expect(response.status).toBe(200);
  };
  const groupPage = async () => {
    const [page] = await t.ctx.db.select().from(pages).where(eq(pages.serviceId, service.serviceId));
    return page;
  };

  it('opens a page when an alert fires in Alertmanager, and resolves it when the alert ends there', async () => {
    await postAlert(new Date(Date.now() + 3_600_000));
    const opened = await until('the page to open', groupPage, () => alertmanager.output());
    expect(opened).toMatchObject({
      title: 'Checkout errors above 2 %',
      severity: 'error',
      status: 'triggered',
      dedupKey: '{}:{alertname="CheckoutErrors"}',
    });
    expect(opened.details).toMatchObject({
      receiver: 'switchboard',
      alerts: [{ status: 'firing', labels: { service: 'ordering' } }],
    });
    // Longer than resolve_timeout and several group intervals: still open, as nothing has ended the alert.
    await sleep(1_200);
    expect((await groupPage())?.status).toBe('triggered');

    await postAlert(new Date(Date.now() - 1_000));
    const resolved = await until(
      'the page to be resolved',
      async () => ((await groupPage())?.status === 'resolved' ? groupPage() : null),
      () => alertmanager.output(),
    );
    expect(resolved).toMatchObject({ id: opened.id, status: 'resolved', resolvedBy: null });
    expect(await t.ctx.db.select().from(pages).where(eq(pages.serviceId, service.serviceId))).toHaveLength(1);
  });
});
