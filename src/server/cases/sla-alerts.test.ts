import { and, eq, like } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser, signIn } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { caseEvents, cases, jobs, notifications } from '../db/schema/index.js';
import { allJobs } from '../jobs.js';
import { MINUTE } from '../lib/clock.js';
import { createJobWorker } from '../lib/job-worker.js';

/** SLA warnings and breaches: durable timers at the computed instants, fired once, to staff only. */
describeEachDatabase('SLA alerts', (kind) => {
  const t = useTestApp(kind);
  let partnerId: string;
  let member: Agent;
  let agent: Agent;
  let base: string;

  beforeAll(async () => {
    t.clock.set('2026-06-15T08:00:00Z'); // Monday 10:00 in Berlin
    partnerId = (await buildPartner(t)).id;
    member = await signedInUser(t, { role: 'partner_member', partnerId });
    agent = await signedInUser(t, { role: 'support_agent', name: 'Sam Support' });
    base = `/api/v1/partners/${partnerId}/cases`;
  });

  const file = async () =>
    (
      await member.request({
        method: 'POST',
        url: base,
        payload: { category: 'technical_support', subject: 'Feed stale', description: 'Since the morning' },
      })
    ).json();
  const alertsOf = async (caseId: string) =>
    (await t.ctx.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)))
      .filter((e) => e.type === 'sla_warning' || e.type === 'sla_breach')
      .map((e) => [e.type, e.data.target]);
  const timersOf = async (caseId: string) =>
    (
      await t.ctx.db
        .select({ key: jobs.singletonKey, runAt: jobs.runAt })
        .from(jobs)
        .where(and(like(jobs.singletonKey, `sla:%:${caseId}`), eq(jobs.status, 'queued')))
    )
      .map((j) => [j.key?.split(':').slice(1, 3).join(':'), j.runAt.toISOString()])
      .sort();
  const mailOf = (template: string) =>
    t.ctx.db.select().from(notifications).where(eq(notifications.template, template));

  it('stores warning and breach timers at the computed instants', async () => {
    const filed = await file();
    expect(await timersOf(filed.id)).toEqual([
      ['breach:first_response', '2026-06-15T09:00:00.000Z'],
      // 1,440 business minutes: three 8-hour days from Monday 10:00 end Thursday 10:00 Berlin.
      ['breach:resolution', '2026-06-18T08:00:00.000Z'],
      ['warning:first_response', '2026-06-15T08:45:00.000Z'],
      ['warning:resolution', '2026-06-18T07:45:00.000Z'],
    ]);
  });

  it('warns the assignee once at the warning instant, never the partner, and not again after a restart', async () => {
    const filed = await file();
    await agent.request({
      method: 'PATCH',
      url: `${base}/${filed.id}`,
      payload: { assigneeUserId: agent.user.id },
    });
    t.clock.set('2026-06-15T08:44:59Z');
    await t.worker.runDue();
    expect(await alertsOf(filed.id)).toEqual([]);
    t.clock.set('2026-06-15T08:45:00Z');
    await t.worker.runDue();
    expect(await alertsOf(filed.id)).toEqual([['sla_warning', 'first_response']]);
    // Another instance (or this one restarted) finds nothing left to do.
    const restarted = createJobWorker({
      db: t.ctx.db,
      clock: t.clock,
      logger: t.ctx.logger,
      definitions: allJobs(t.ctx),
    });
    await restarted.runDue();
    expect(await alertsOf(filed.id)).toEqual([['sla_warning', 'first_response']]);
    const warnings = (await mailOf('case_sla_warning')).filter((m) =>
      m.subject.startsWith(`[#${filed.number}]`),
    );
    expect(warnings.map((m) => m.recipient)).toEqual([agent.user.email]);
    expect(warnings[0]?.subject).toBe(
      `[#${filed.number}] SLA warning: first response due Jun 15, 2026, 9:00 AM UTC`,
    );
    const partnerMail = await t.ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.recipient, member.user.email));
    expect(partnerMail.some((m) => m.template.startsWith('case_sla'))).toBe(false);

    // A public reply meets the target: the breach timer is gone and nothing fires at the due time.
    await agent.request({ method: 'POST', url: `${base}/${filed.id}/comments`, payload: { body: 'On it' } });
    expect((await timersOf(filed.id)).map(([key]) => key)).toEqual([
      'breach:resolution',
      'warning:resolution',
    ]);
    t.clock.set('2026-06-15T09:00:01Z');
    await t.worker.runDue();
    expect(await alertsOf(filed.id)).toEqual([['sla_warning', 'first_response']]);
  });

  it('records a breach at the due time, marks the case and tells the queue when nobody is assigned', async () => {
    t.clock.set('2026-06-15T10:00:00Z');
    const filed = await file();
    t.clock.set('2026-06-15T11:00:00Z');
    await t.worker.runDue();
    // The warning's moment passed with the breach's: only the breach is worth telling.
    expect(await alertsOf(filed.id)).toEqual([['sla_breach', 'first_response']]);
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, filed.id));
    expect(row?.firstResponseBreached).toBe(true);
    const breach = (await mailOf('case_sla_breach')).filter((m) =>
      m.subject.startsWith(`[#${filed.number}]`),
    );
    expect(breach.map((m) => m.recipient)).toContain(agent.user.email);
    const queue = await agent.request({
      method: 'GET',
      url: `/api/v1/cases?slaBreached=true&partnerId=${partnerId}`,
    });
    expect(queue.json().items.map((c: { id: string }) => c.id)).toContain(filed.id);
  });

  it('moves the resolution timers when the clock pauses and resumes, and warns only inside open hours', async () => {
    t.clock.set('2026-06-19T14:50:00Z'); // Friday 16:50 Berlin
    member = await signIn(t, member.user.email); // the week's sessions timed out
    agent = await signIn(t, agent.user.email);
    const filed = await file();
    // 10 business minutes left on Friday, 35 more on Monday: warned at Monday 09:35 Berlin.
    expect((await timersOf(filed.id)).find(([key]) => key === 'warning:first_response')?.[1]).toBe(
      '2026-06-22T07:35:00.000Z',
    );
    t.clock.set('2026-06-19T14:55:00Z'); // five minutes later the agent asks the partner for logs
    await agent.request({ method: 'PATCH', url: `${base}/${filed.id}`, payload: { status: 'in_progress' } });
    await agent.request({
      method: 'PATCH',
      url: `${base}/${filed.id}`,
      payload: { status: 'waiting_on_partner' },
    });
    expect((await timersOf(filed.id)).map(([key]) => key)).toEqual([
      'breach:first_response',
      'warning:first_response',
    ]);
    t.clock.set('2026-06-22T08:00:00Z'); // Monday 10:00: the partner answers
    member = await signIn(t, member.user.email);
    agent = await signIn(t, agent.user.email);
    await member.request({
      method: 'POST',
      url: `${base}/${filed.id}/comments`,
      payload: { body: 'Logs attached' },
    });
    // 5 minutes of resolution time were used on Friday; 1,435 remain from Monday 10:00.
    expect((await timersOf(filed.id)).find(([key]) => key === 'breach:resolution')?.[1]).toBe(
      '2026-06-25T07:55:00.000Z',
    );
  });

  it('leaves no timers once a case is resolved', async () => {
    const filed = await file();
    await agent.request({ method: 'POST', url: `${base}/${filed.id}/comments`, payload: { body: 'Fixed' } });
    await agent.request({ method: 'PATCH', url: `${base}/${filed.id}`, payload: { status: 'in_progress' } });
    await agent.request({ method: 'PATCH', url: `${base}/${filed.id}`, payload: { status: 'resolved' } });
    expect(await timersOf(filed.id)).toEqual([]);
    t.clock.advance(10 * MINUTE);
  });
});
