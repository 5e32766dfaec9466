import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { createPagedService } from '../../../tests/support/oncall-service.js';
import { readPage } from '../../../tests/support/page-api.js';
import { type ReceivedMail, startSmtpServer } from '../../../tests/support/smtp.js';
import { createTestApp, type TestApp } from '../../../tests/support/test-app.js';

const LINK = /^http:\/\/localhost:3000\/page-actions\/([\w-]{43})$/;

/*
 * The acknowledge and resolve links in a page's email, end to end: a partner's urgent case confirmed by triage
 * pages on-call, the engineer gets the mail over SMTP and acknowledges from it without signing in, and the case
 * shows the page acknowledged. A link is single-use, expires after 24 hours, and looking at it uses nothing up.
 */
describe.each(DATABASE_KINDS)('page email links [%s]', (kind) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let ana: Agent;
  let member: Agent;
  let triager: Agent;
  let admin: Agent;
  let partnerId: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(kind, { config: { smtpUrl: smtp.url } });
    t.clock.set('2027-03-07T02:00:00Z'); // a Sunday, 03:00 in Berlin
    admin = await signedInUser(t, { role: 'admin', name: 'Ada Admin' });
    ana = await signedInUser(t, { role: 'oncall_engineer', name: 'Ana Engineer' });
    triager = await signedInUser(t, { role: 'triage', name: 'Tara Triage' });
    partnerId = (await buildPartner(t, { name: 'Burger Bridge' })).id;
    member = await signedInUser(t, { role: 'partner_member', partnerId });
    const { serviceId } = await createPagedService(admin, [ana], { delayMinutes: 15 });
    const settings = await admin.request({
      method: 'PUT',
      url: '/api/v1/oncall-settings',
      payload: { urgentCaseServiceId: serviceId, ackTimeoutMinutes: 30 },
    });
    expect(settings.statusCode).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const anonymous = (method: 'GET' | 'POST', token: string) =>
    t.app.inject({ method, url: `/api/v1/page-actions/${token}` });

  /** Files an urgent case, has triage confirm it, and runs the jobs: the page opens and its mail goes out. */
  async function confirmUrgentCase() {
    const base = `/api/v1/partners/${partnerId}/cases`;
    const filed = await member.request({
      method: 'POST',
      url: base,
      payload: {
        category: 'urgent_technical_support',
        subject: 'Integration down',
        description: 'Every call times out',
        urgentCriterion: 'integration_down',
        impact: { since: '2027-03-07T01:40:00Z', merchantsAffectedPercent: 100 },
      },
    });
    expect(filed.statusCode).toBe(201);
    const confirmed = await triager.request({
      method: 'POST',
      url: `${base}/${filed.json().id}/triage`,
      payload: { decision: 'confirm' },
    });
    expect(confirmed.statusCode).toBe(200);
    await t.worker.runDue();
    return { caseUrl: `${base}/${filed.json().id}`, number: filed.json().number as number };
  }

  it('acknowledges from the mailed link without a session, once; the case shows the page acknowledged', async () => {
    const filed = await confirmUrgentCase();
    const mails = smtp.received.filter((m: ReceivedMail) => m.to === ana.user.email);
    expect(mails.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^\[critical\] Page #\d+: Urgent case #\d+ \(Burger Bridge\): Integration down$/),
    ]);
    const links = [...(mails[0]?.text ?? '').matchAll(/^http:\S+\/page-actions\/\S+$/gm)].map((m) => m[0]);
    expect(links).toEqual([expect.stringMatching(LINK), expect.stringMatching(LINK)]);
    const [acknowledge, resolve] = links.map((link) => LINK.exec(link)?.[1] ?? '');
    expect(mails[0]?.text).toContain(
      `Acknowledge (stops the escalation):\n${links[0]}\n\nResolve:\n${links[1]}`,
    );

    const caseView = (await member.request({ method: 'GET', url: filed.caseUrl })).json();
    const pageId = caseView.page.id as string;
    expect(caseView.page).toEqual({ id: pageId, status: 'triggered' });
    const page = await readPage(ana, pageId);

    // Looking is free: mail scanners fetch links, so a GET describes and consumes nothing.
    const described = {
      action: 'acknowledge',
      expiresAt: '2027-03-08T02:00:00.000Z',
      usable: true,
      page: {
        id: pageId,
        number: page.number,
        title: `Urgent case #${filed.number} (Burger Bridge): Integration down`,
        status: 'triggered',
      },
    };
    for (let i = 0; i < 2; i++) {
      const looked = await anonymous('GET', acknowledge ?? '');
      expect([looked.statusCode, looked.json()]).toEqual([200, described]);
    }

    const used = await anonymous('POST', acknowledge ?? '');
    expect([used.statusCode, used.json()]).toEqual([
      200,
      { id: pageId, number: page.number, title: described.page.title, status: 'acknowledged' },
    ]);
    const after = await readPage(ana, pageId);
    expect([after.status, after.acknowledgedBy]).toEqual(['acknowledged', ana.user.id]);
    expect(after.timeline.at(-1)).toMatchObject({
      type: 'acknowledged',
      actor: { id: ana.user.id, name: 'Ana Engineer' },
      detail: { via: 'email_link' },
    });
    expect((await member.request({ method: 'GET', url: filed.caseUrl })).json().page).toEqual({
      id: pageId,
      status: 'acknowledged',
    });

    const again = await anonymous('POST', acknowledge ?? '');
    expect([again.statusCode, again.json().error]).toEqual([
      409,
      { code: 'conflict', message: 'this link was already used' },
    ]);
    expect((await anonymous('GET', acknowledge ?? '')).json().usable).toBe(false);

    // The resolve link from the same mail: good until 24 hours after it was sent, then refused.
    t.clock.set('2027-03-08T01:59:59.999Z');
    expect((await anonymous('GET', resolve ?? '')).json()).toMatchObject({ action: 'resolve', usable: true });
    t.clock.set('2027-03-08T02:00:00Z');
    expect((await anonymous('GET', resolve ?? '')).json()).toMatchObject({
      action: 'resolve',
      usable: false,
    });
    const expired = await anonymous('POST', resolve ?? '');
    expect([expired.statusCode, expired.json().error]).toEqual([
      409,
      { code: 'conflict', message: 'this link has expired' },
    ]);
    // Still acknowledged: the refused link changed nothing (the description reads the page as it is).
    expect((await anonymous('GET', resolve ?? '')).json().page.status).toBe('acknowledged');
  });

  it('resolves from the mailed resolve link, as the responder it was sent to', async () => {
    t.clock.set('2027-03-07T04:00:00Z');
    const filed = await confirmUrgentCase();
    // The first test's page is still open: its acknowledgement has timed out and paged Ana again meanwhile.
    const mail = smtp.received.find(
      (m: ReceivedMail) => m.to === ana.user.email && m.subject.includes(`Urgent case #${filed.number} `),
    );
    const [, resolve] = [...(mail?.text ?? '').matchAll(/^http:\S+\/page-actions\/\S+$/gm)].map(
      (m) => LINK.exec(m[0])?.[1] ?? '',
    );
    const used = await anonymous('POST', resolve ?? '');
    expect([used.statusCode, used.json().status]).toEqual([200, 'resolved']);
    const pageId = (await member.request({ method: 'GET', url: filed.caseUrl })).json().page.id;
    const page = await readPage(ana, pageId);
    expect([page.status, page.timeline.at(-1)?.type, page.timeline.at(-1)?.detail]).toEqual([
      'resolved',
      'resolved',
      { via: 'email_link' },
    ]);
    expect(page.timeline.at(-1)?.actor?.id).toBe(ana.user.id);
    expect(page.timeline.find((e) => e.type === 'triggered')?.detail).toMatchObject({
      via: 'urgent_case',
      severity: 'critical',
    });
    // The page says which case opened it, and the case's id keeps it from opening twice.
    const caseId = filed.caseUrl.split('/').at(-1);
    expect(
      await admin.request({ method: 'GET', url: `/api/v1/pages/${pageId}` }).then((r) => r.json()),
    ).toMatchObject({
      source: 'switchboard/cases',
      dedupKey: `case:${caseId}`,
      caseId,
      details: { caseId, caseNumber: filed.number, partner: 'Burger Bridge' },
    });
  });

  it('answers 404 for a token that was never issued, to a look and to a use', async () => {
    const unknown = 'x'.repeat(43);
    for (const method of ['GET', 'POST'] as const) {
      const answer = await anonymous(method, unknown);
      expect([answer.statusCode, answer.json().error.code]).toEqual([404, 'not_found']);
    }
  });
});
