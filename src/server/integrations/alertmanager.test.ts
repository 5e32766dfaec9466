import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, signedInUser } from '../../../tests/support/factories.js';
import { createPagedService, type PagedService } from '../../../tests/support/oncall-service.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { notifications, pages } from '../db/schema/index.js';
import { sha256 } from '../lib/secrets.js';
import { type AlertmanagerMessage, dedupKeyOf, severityOf, titleOf } from './alertmanager.js';

const GROUP_KEY = '{}/{team="ordering"}:{alertname="CheckoutErrors"}';

/** What Alertmanager 0.25 posts for a group of one alert (notify/webhook). */
function message(status: 'firing' | 'resolved', overrides: Partial<AlertmanagerMessage> = {}) {
  const labels = {
    alertname: 'CheckoutErrors',
    team: 'ordering',
    severity: 'warning',
    instance: 'api-7:9090',
  };
  return {
    receiver: 'switchboard',
    status,
    alerts: [
      {
        status,
        labels,
        annotations: { summary: 'Checkout errors above 2 %', description: 'Rate: 3.1 %\nSince 09:00' },
        startsAt: '2027-03-01T08:59:30.123456789Z',
        endsAt: status === 'resolved' ? '2027-03-01T09:10:00Z' : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example.test/graph?g0.expr=rate',
        fingerprint: 'a1b2c3d4e5f60718',
      },
    ],
    groupLabels: { alertname: 'CheckoutErrors' },
    commonLabels: labels,
    commonAnnotations: { summary: 'Checkout errors above 2 %', description: 'Rate: 3.1 %\nSince 09:00' },
    externalURL: 'http://alertmanager.example.test:9093',
    version: '4',
    groupKey: GROUP_KEY,
    truncatedAlerts: 0,
    ...overrides,
  };
}

describeEachDatabase('Alertmanager webhook', (kind) => {
  const t = useTestApp(kind);
  let admin: Agent;
  let ana: Agent;
  let service: PagedService;

  beforeAll(async () => {
    t.clock.set('2027-03-01T09:00:00Z');
    admin = await signedInUser(t, { role: 'admin' });
    ana = await signedInUser(t, { role: 'oncall_engineer' });
    service = await createPagedService(admin, [ana]);
  });

  const post = (payload: object, path = service.alertmanagerPath) =>
    t.app.inject({ method: 'POST', url: path, payload });
  const groupPages = (groupKey = GROUP_KEY) =>
    t.ctx.db
      .select()
      .from(pages)
      .where(and(eq(pages.serviceId, service.serviceId), eq(pages.dedupKey, groupKey)));
  const mailsFor = (pageId: string) =>
    t.ctx.db.select().from(notifications).where(eq(notifications.pageId, pageId));

  it('opens one page per group while it fires, updates it on repeats, and resolves it with the group', async () => {
    const opened = await post(message('firing'));
    expect(opened.statusCode).toBe(200);
    const [page] = await groupPages();
    expect(opened.json()).toEqual({ page: { id: page?.id, number: page?.number, status: 'triggered' } });
    expect(page).toMatchObject({
      title: 'Checkout errors above 2 %',
      source: 'http://alertmanager.example.test:9093',
      severity: 'warning',
      urgency: 'low',
      status: 'triggered',
    });
    expect(page?.details).toMatchObject({
      receiver: 'switchboard',
      externalURL: 'http://alertmanager.example.test:9093',
      commonAnnotations: { description: 'Rate: 3.1 %\nSince 09:00' },
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'CheckoutErrors', instance: 'api-7:9090' },
          startsAt: '2027-03-01T08:59:30.123456789Z',
          generatorURL: 'http://prometheus.example.test/graph?g0.expr=rate',
          fingerprint: 'a1b2c3d4e5f60718',
        },
      ],
    });
    expect(await mailsFor(page?.id as string)).toHaveLength(1);

    const repeated = await post(
      message('firing', { commonAnnotations: { summary: 'Checkout errors above 5 %' } }),
    );
    expect(repeated.json().page.id).toBe(page?.id);
    expect(await groupPages()).toMatchObject([{ id: page?.id, title: 'Checkout errors above 5 %' }]);
    expect(await mailsFor(page?.id as string)).toHaveLength(1);

    const resolved = await post(message('resolved'));
    expect(resolved.json()).toEqual({ page: { id: page?.id, number: page?.number, status: 'resolved' } });
    expect((await groupPages())[0]).toMatchObject({ status: 'resolved', resolvedBy: null });
    const detail = (await admin.request({ method: 'GET', url: `/api/v1/pages/${page?.id}` })).json();
    expect(
      detail.timeline.map((e: { type: string; detail: { via?: string } }) => [e.type, e.detail.via]),
    ).toEqual(
      expect.arrayContaining([
        ['triggered', 'alertmanager'],
        ['trigger_joined', 'alertmanager'],
        ['resolved', 'alertmanager'],
      ]),
    );

    // Alertmanager retries until it gets a 2xx: a repeated resolve is accepted and does nothing.
    expect((await post(message('resolved'))).json()).toEqual({ page: null });
    // The group firing again after its resolve is a new incident.
    const again = await post(message('firing'));
    expect(again.json().page.id).not.toBe(page?.id);
  });

  it('keeps groups apart: another group key is another page', async () => {
    const other = '{}/{team="feeds"}:{alertname="FeedStale"}';
    const response = await post(message('firing', { groupKey: other }));
    expect(response.statusCode).toBe(200);
    expect(await groupPages(other)).toHaveLength(1);
  });

  it('pages a group whose key is too long to index under its SHA-256, and resolves it the same way', async () => {
    const long = `{}/{team="ordering"}:{alertname="CheckoutErrors", path="${'/checkout'.repeat(40)}"}`;
    const opened = await post(message('firing', { groupKey: long }));
    expect(opened.statusCode).toBe(200);
    const [page] = await groupPages(`sha256:${sha256(long)}`);
    expect(page?.details).toMatchObject({ groupKey: long });
    expect((await post(message('firing', { groupKey: long }))).json().page.id).toBe(page?.id);
    expect((await post(message('resolved', { groupKey: long }))).json().page).toMatchObject({
      id: page?.id,
      status: 'resolved',
    });
  });

  it('keeps a bare group in the page as sent: absent fields as null, {} or 0, endsAt only on a resolved alert', async () => {
    const bare = {
      groupKey: '{}:{alertname="Bare"}',
      status: 'firing',
      alerts: [
        { status: 'firing', labels: { alertname: 'Bare', pod: 'a' } },
        { status: 'resolved', labels: { alertname: 'Bare', pod: 'b' }, endsAt: '2027-03-01T09:05:00Z' },
        { status: 'resolved', labels: { alertname: 'Bare', pod: 'c' } },
      ],
    };
    expect((await post(bare)).statusCode).toBe(200);
    const [page] = await groupPages(bare.groupKey);
    expect(page).toMatchObject({ title: 'Bare', source: 'alertmanager', severity: 'critical' });
    const sent = { annotations: {}, startsAt: null, generatorURL: null, fingerprint: null };
    expect(page?.details).toEqual({
      groupKey: bare.groupKey,
      receiver: null,
      externalURL: null,
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      alerts: [
        { status: 'firing', labels: { alertname: 'Bare', pod: 'a' }, ...sent },
        {
          status: 'resolved',
          labels: { alertname: 'Bare', pod: 'b' },
          ...sent,
          endsAt: '2027-03-01T09:05:00Z',
        },
        { status: 'resolved', labels: { alertname: 'Bare', pod: 'c' }, ...sent, endsAt: null },
      ],
      truncatedAlerts: 0,
    });

    // An empty external URL names the integration as the source; the count of alerts left out is kept.
    await post({ ...bare, externalURL: '', truncatedAlerts: 3 });
    expect((await groupPages(bare.groupKey))[0]).toMatchObject({
      source: 'alertmanager',
      details: { externalURL: '', truncatedAlerts: 3 },
    });
  });

  it('answers 404 for an unknown key and for the key of an events_v2 integration', async () => {
    for (const key of ['no-such-key', service.eventsKey]) {
      const response = await post(message('firing'), `/api/v1/integrations/alertmanager/${key}`);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: { code: 'not_found', message: 'integration not found' } });
    }
  });

  it('refuses a body that is not an Alertmanager message, naming the field', async () => {
    const { groupKey: _, ...withoutKey } = message('firing');
    const response = await post(withoutKey);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ field: 'groupKey', reason: 'required' });
    const badStatus = await post(message('firing', { status: 'pending' as 'firing' }));
    expect(badStatus.json().error).toMatchObject({ field: 'status', reason: 'not_allowed' });
  });
});

describe('Alertmanager groups as pages', () => {
  it('maps the severity label to a PagerDuty severity, critical when absent or unknown', () => {
    expect(severityOf({ severity: 'critical' })).toBe('critical');
    expect(severityOf({ severity: ' Page ' })).toBe('critical');
    expect(severityOf({ severity: 'error' })).toBe('error');
    expect(severityOf({ severity: 'high' })).toBe('error');
    expect(severityOf({ severity: 'warning' })).toBe('warning');
    expect(severityOf({ severity: 'info' })).toBe('info');
    expect(severityOf({ severity: 'none' })).toBe('info');
    expect(severityOf({ severity: 'whatever' })).toBe('critical');
    expect(severityOf({})).toBe('critical');
    expect(severityOf(undefined)).toBe('critical');
  });

  it('reads a severity label whatever its case and surrounding spaces', () => {
    expect(severityOf({ severity: ' Warning ' })).toBe('warning');
    expect(severityOf({ severity: 'MAJOR' })).toBe('error');
    expect(severityOf({ severity: '\tlow\n' })).toBe('info');
  });

  it('keeps a group key of up to 255 characters as the dedup key, and digests a longer one', () => {
    const longest = 'g'.repeat(255);
    expect(dedupKeyOf(longest)).toBe(longest);
    expect(dedupKeyOf(`${longest}g`)).toBe(`sha256:${sha256(`${longest}g`)}`);
  });

  it('trims the alert name of a title and cuts a title of labels at 1024 characters', () => {
    const base = message('firing') as AlertmanagerMessage;
    expect(titleOf({ ...base, commonAnnotations: {}, commonLabels: { alertname: '  Up  ' } })).toBe('Up');
    const long = titleOf({
      ...base,
      commonAnnotations: {},
      commonLabels: { alertname: 'Up', path: 'p'.repeat(2000) },
    });
    expect(long).toBe(`Up (path=${'p'.repeat(2000)})`.slice(0, 1024));
    expect(long).toHaveLength(1024);
  });

  it('titles a group by its summary, else by its alert name and shared labels', () => {
    const base = message('firing') as AlertmanagerMessage;
    expect(titleOf(base)).toBe('Checkout errors above 2 %');
    expect(titleOf({ ...base, commonAnnotations: { summary: '  ' } })).toBe(
      'CheckoutErrors (team=ordering, severity=warning, instance=api-7:9090)',
    );
    expect(titleOf({ ...base, commonAnnotations: {}, commonLabels: { alertname: 'Up' } })).toBe('Up');
    expect(titleOf({ ...base, commonAnnotations: {}, commonLabels: {} })).toBe('CheckoutErrors');
    expect(titleOf({ ...base, commonAnnotations: {}, commonLabels: {}, alerts: [] })).toBe(
      'Alertmanager alert',
    );
    expect(titleOf({ ...base, commonAnnotations: { summary: 'x'.repeat(2000) } })).toHaveLength(1024);
  });
});
