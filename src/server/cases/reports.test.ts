import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { MINUTE } from '../lib/clock.js';
import { type ReportRow, reportCsv } from './reports.js';

describeEachDatabase('case reports', (kind) => {
  const t = useTestApp(kind);
  let agent: Agent;

  beforeAll(async () => {
    t.clock.set('2026-06-15T07:00:00Z'); // Monday 09:00 in Berlin
    const partner = await buildPartner(t, { name: 'Report Partner' });
    const member = await signedInUser(t, { role: 'partner_member', partnerId: partner.id });
    agent = await signedInUser(t, { role: 'support_agent' });
    const base = `/api/v1/partners/${partner.id}/cases`;
    const file = async (category: string) =>
      (
        await member.request({
          method: 'POST',
          url: base,
          payload: { category, subject: 's', description: 'd' },
        })
      ).json().id as string;
    const reply = (id: string) =>
      agent.request({ method: 'POST', url: `${base}/${id}/comments`, payload: { body: 'On it' } });
    const resolve = async (id: string) => {
      await agent.request({ method: 'PATCH', url: `${base}/${id}`, payload: { status: 'in_progress' } });
      await agent.request({ method: 'PATCH', url: `${base}/${id}`, payload: { status: 'resolved' } });
    };
    // Three technical cases answered after 10, 20 and 90 minutes (the last one past the 60-minute target),
    // the first two resolved after 30 and 40 minutes; one account case never answered.
    const [a, b, c] = [
      await file('technical_support'),
      await file('technical_support'),
      await file('technical_support'),
    ];
    await file('account');
    t.clock.advance(10 * MINUTE);
    await reply(a);
    t.clock.advance(10 * MINUTE);
    await reply(b);
    t.clock.advance(10 * MINUTE);
    await resolve(a);
    t.clock.advance(10 * MINUTE);
    await resolve(b);
    t.clock.advance(50 * MINUTE);
    await t.worker.runDue();
    await reply(c);
  });

  it('reports median and p90 times and the breach rate by category', async () => {
    const response = await agent.request({ method: 'GET', url: '/api/v1/reports/cases?groupBy=category' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([
      {
        key: 'account',
        label: 'account',
        cases: 1,
        firstResponseMedianMinutes: null,
        firstResponseP90Minutes: null,
        resolutionMedianMinutes: null,
        resolutionP90Minutes: null,
        breachRate: 1,
      },
      {
        key: 'technical_support',
        label: 'technical_support',
        cases: 3,
        firstResponseMedianMinutes: 20,
        firstResponseP90Minutes: 76,
        resolutionMedianMinutes: 35,
        resolutionP90Minutes: 39,
        breachRate: 1 / 3,
      },
    ]);
  });

  it('groups by month and partner, and filters by filing time', async () => {
    const months = (
      await agent.request({ method: 'GET', url: '/api/v1/reports/cases?groupBy=month' })
    ).json();
    expect(months.map((r: ReportRow) => [r.key, r.cases])).toEqual([['2026-06', 4]]);
    const partners = (
      await agent.request({ method: 'GET', url: '/api/v1/reports/cases?groupBy=partner' })
    ).json();
    expect(partners.map((r: ReportRow) => [r.label, r.cases])).toEqual([['Report Partner', 4]]);
    const later = await agent.request({
      method: 'GET',
      url: '/api/v1/reports/cases?groupBy=month&from=2026-06-15T07:00:01Z',
    });
    expect(later.json()).toEqual([]);
  });

  it('downloads the report as CSV', async () => {
    const response = await agent.request({ method: 'GET', url: '/api/v1/reports/cases.csv?groupBy=month' });
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="cases-by-month.csv"');
    expect(response.body).toBe(
      'key,label,cases,firstResponseMedianMinutes,firstResponseP90Minutes,resolutionMedianMinutes,resolutionP90Minutes,breachRate\r\n' +
        '2026-06,2026-06,4,20,76,35,39,0.5\r\n',
    );
  });

  it('refuses an unknown grouping, naming the field', async () => {
    const response = await agent.request({ method: 'GET', url: '/api/v1/reports/cases?groupBy=weekday' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('groupBy');
  });
});

describe('reportCsv', () => {
  it('quotes commas and quotes, and defuses spreadsheet formulas', () => {
    const row = {
      key: 'p1',
      label: '=HYPERLINK("x"), Inc',
      cases: 1,
      firstResponseMedianMinutes: null,
      firstResponseP90Minutes: null,
      resolutionMedianMinutes: null,
      resolutionP90Minutes: null,
      breachRate: 0,
    };
    expect(reportCsv([row]).split('\r\n')[1]).toBe(`p1,"'=HYPERLINK(""x""), Inc",1,,,,,0`);
  });
});
