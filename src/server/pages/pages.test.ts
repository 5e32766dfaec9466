import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { notifications } from '../db/schema/index.js';
import { MINUTE } from '../lib/clock.js';

/** Pages through the API: escalation level by level, acknowledge and its timeout, resolve, snapshots, fallback. */
describeEachDatabase('pages', (kind) => {
  const t = useTestApp(kind);
  let admin: Agent;
  let ana: Agent;
  let ben: Agent;

  beforeAll(async () => {
    t.clock.set('2027-01-10T02:00:00Z'); // a Sunday, 03:00 in Berlin
    admin = await signedInUser(t, { role: 'admin', name: 'Ada Admin' });
    ana = await signedInUser(t, { role: 'oncall_engineer', name: 'Ana Engineer', locale: 'de' });
    ben = await signedInUser(t, { role: 'oncall_engineer', name: 'Ben Engineer' });
  });

  const mailsTo = async (who: Agent, pageId: string) =>
    t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.recipient, who.user.email), eq(notifications.pageId, pageId)));

  async function serviceWith(levels: object[], repeat = 0) {
    const policy = await admin.request({
      method: 'POST',
      url: '/api/v1/escalation-policies',
      payload: { name: 'Engineering', levels, repeat },
    });
    expect(policy.statusCode).toBe(201);
    const service = await admin.request({
      method: 'POST',
      url: '/api/v1/services',
      payload: { name: 'Ordering API', escalationPolicyId: policy.json().id },
    });
    expect(service.statusCode).toBe(201);
    return { policyId: policy.json().id as string, serviceId: service.json().id as string };
  }
  const openPage = async (serviceId: string, title = 'Checkout failing') => {
    const opened = await admin.request({
      method: 'POST',
      url: '/api/v1/pages',
      payload: { serviceId, title },
    });
    expect(opened.statusCode).toBe(201);
    return opened.json() as { id: string; number: number };
  };
  const page = async (id: string) =>
    (await admin.request({ method: 'GET', url: `/api/v1/pages/${id}` })).json();
  const levelOne = (users: Agent[], delayMinutes = 10) => ({
    delayMinutes,
    targets: users.map((u) => ({ type: 'user', id: u.user.id })),
  });

  it('notifies level 1 at once, level 2 when level 1 has had its delay, and nobody again after that', async () => {
    const { serviceId } = await serviceWith([levelOne([ana]), levelOne([ben])]);
    const opened = await openPage(serviceId);
    expect(await mailsTo(ana, opened.id)).toHaveLength(1);
    expect(await mailsTo(ben, opened.id)).toHaveLength(0);
    const [mail] = await mailsTo(ana, opened.id);
    expect(mail?.subject).toBe(`[critical] Page #${opened.number}: Checkout failing`);
    expect(mail?.body).toContain('Bestätigen (stoppt die Eskalation)');

    t.clock.advance(10 * MINUTE - 1);
    await t.worker.runDue();
    expect(await mailsTo(ben, opened.id)).toHaveLength(0);
    t.clock.advance(1);
    await t.worker.runDue();
    expect(await mailsTo(ben, opened.id)).toHaveLength(1);

    t.clock.advance(60 * MINUTE);
    await t.worker.runDue();
    expect(await mailsTo(ana, opened.id)).toHaveLength(1);
    expect(await mailsTo(ben, opened.id)).toHaveLength(1);
    const detail = await page(opened.id);
    expect(detail).toMatchObject({ status: 'triggered', level: 2, urgency: 'high' });
    expect(
      detail.timeline
        .filter((e: { type: string }) => e.type === 'notified')
        .map((e: { user: { name: string }; channel: string; detail: { level: number } }) => [
          e.user.name,
          e.channel,
          e.detail.level,
        ]),
    ).toEqual([
      ['Ana Engineer', 'email', 1],
      ['Ben Engineer', 'email', 2],
    ]);
  });

  it('repeats the policy as many times as it says, then stops', async () => {
    const { serviceId } = await serviceWith([levelOne([ana], 5)], 2);
    const opened = await openPage(serviceId);
    for (let i = 0; i < 5; i++) {
      t.clock.advance(5 * MINUTE);
      await t.worker.runDue();
    }
    expect(await mailsTo(ana, opened.id)).toHaveLength(3);
  });

  it('stops escalating on acknowledge, re-triggers from level 1 when the acknowledgement times out', async () => {
    const { serviceId } = await serviceWith([levelOne([ana]), levelOne([ben])]);
    const opened = await openPage(serviceId);
    const acked = await ana.request({ method: 'POST', url: `/api/v1/pages/${opened.id}/acknowledge` });
    expect(acked.statusCode).toBe(200);
    expect(acked.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: ana.user.id });

    t.clock.advance(30 * MINUTE - 1);
    await t.worker.runDue();
    expect(await mailsTo(ben, opened.id)).toHaveLength(0);
    expect((await page(opened.id)).status).toBe('acknowledged');

    t.clock.advance(1);
    await t.worker.runDue();
    expect(await page(opened.id)).toMatchObject({ status: 'triggered', level: 1, acknowledgedBy: null });
    expect(await mailsTo(ana, opened.id)).toHaveLength(2);
    expect(await mailsTo(ben, opened.id)).toHaveLength(0);
  });

  it('resolves once: nothing fires afterwards, and a second resolve or an acknowledge is a 409', async () => {
    const { serviceId } = await serviceWith([levelOne([ana]), levelOne([ben])]);
    const opened = await openPage(serviceId);
    const resolved = await ben.request({ method: 'POST', url: `/api/v1/pages/${opened.id}/resolve` });
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolvedBy: ben.user.id });
    t.clock.advance(120 * MINUTE);
    await t.worker.runDue();
    expect(await mailsTo(ben, opened.id)).toHaveLength(0);
    for (const action of ['resolve', 'acknowledge']) {
      const again = await ben.request({ method: 'POST', url: `/api/v1/pages/${opened.id}/${action}` });
      expect(again.statusCode).toBe(409);
    }
  });

  it('snoozes only an acknowledged page, and triggers it again when the snooze ends', async () => {
    const { serviceId } = await serviceWith([levelOne([ana])]);
    const opened = await openPage(serviceId);
    const early = await ana.request({
      method: 'POST',
      url: `/api/v1/pages/${opened.id}/snooze`,
      payload: { minutes: 60 },
    });
    expect(early.statusCode).toBe(409);
    await ana.request({ method: 'POST', url: `/api/v1/pages/${opened.id}/acknowledge` });
    const snoozed = await ana.request({
      method: 'POST',
      url: `/api/v1/pages/${opened.id}/snooze`,
      payload: { minutes: 60 },
    });
    expect(snoozed.json().snoozedUntil).toBe(new Date(t.clock.now().getTime() + 60 * MINUTE).toISOString());
    t.clock.advance(59 * MINUTE);
    await t.worker.runDue();
    expect((await page(opened.id)).status).toBe('acknowledged');
    t.clock.advance(MINUTE);
    await t.worker.runDue();
    expect((await page(opened.id)).status).toBe('triggered');
    expect(await mailsTo(ana, opened.id)).toHaveLength(2);
  });

  it('follows the policy as it was when the page opened, whatever is edited later', async () => {
    const { serviceId, policyId } = await serviceWith([levelOne([ana]), levelOne([ben])]);
    const opened = await openPage(serviceId);
    const edited = await admin.request({
      method: 'PUT',
      url: `/api/v1/escalation-policies/${policyId}`,
      payload: { name: 'Engineering', levels: [levelOne([ana])], repeat: 0 },
    });
    expect(edited.statusCode).toBe(200);
    t.clock.advance(10 * MINUTE);
    await t.worker.runDue();
    expect(await mailsTo(ben, opened.id)).toHaveLength(1);
    // A page opened after the edit follows the new policy: nobody after level 1.
    const later = await openPage(serviceId);
    t.clock.advance(10 * MINUTE);
    await t.worker.runDue();
    expect(await mailsTo(ben, later.id)).toHaveLength(0);
  });

  it('reassigns to a user, who is notified at once and owns the page from then on', async () => {
    const { serviceId } = await serviceWith([levelOne([ana])]);
    const opened = await openPage(serviceId);
    const reassigned = await ana.request({
      method: 'POST',
      url: `/api/v1/pages/${opened.id}/reassign`,
      payload: { userId: ben.user.id },
    });
    expect(reassigned.json()).toMatchObject({
      status: 'triggered',
      escalationPolicy: { name: 'Ben Engineer' },
    });
    expect(await mailsTo(ben, opened.id)).toHaveLength(1);
    const both = await ana.request({
      method: 'POST',
      url: `/api/v1/pages/${opened.id}/reassign`,
      payload: { userId: ben.user.id, escalationPolicyId: ben.user.id },
    });
    expect(both.statusCode).toBe(400);
  });

  it('opens a page straight to one person: only they are notified, and an unknown person is a 400', async () => {
    const { serviceId } = await serviceWith([levelOne([ana])]);
    const opened = await admin.request({
      method: 'POST',
      url: '/api/v1/pages',
      payload: { serviceId, title: 'Look at the feed importer', userId: ben.user.id, severity: 'warning' },
    });
    expect(opened.json()).toMatchObject({
      urgency: 'low',
      escalationPolicy: { id: null, name: 'Ben Engineer' },
    });
    expect(await mailsTo(ben, opened.json().id)).toHaveLength(1);
    expect(await mailsTo(ana, opened.json().id)).toHaveLength(0);
    const unknown = await admin.request({
      method: 'POST',
      url: '/api/v1/pages',
      payload: { title: 'Nobody', userId: '00000000-0000-4000-8000-000000000001' },
    });
    expect([unknown.statusCode, unknown.json().error.field]).toEqual([400, 'userId']);
  });

  it('pages every platform admin while the policy names nobody reachable', async () => {
    const schedule = await admin.request({
      method: 'POST',
      url: '/api/v1/schedules',
      payload: { name: 'Empty for now', timeZone: 'Europe/Berlin', layers: [] },
    });
    const { serviceId } = await serviceWith([
      { delayMinutes: 10, targets: [{ type: 'schedule', id: schedule.json().id }] },
    ]);
    const opened = await openPage(serviceId);
    expect(await mailsTo(admin, opened.id)).toHaveLength(1);
    expect(await mailsTo(ana, opened.id)).toHaveLength(0);
    const escalated = (await page(opened.id)).timeline.find((e: { type: string }) => e.type === 'escalated');
    expect(escalated.detail).toMatchObject({ level: 1, fallback: 'platform_admins' });
  });

  it('names the first unknown target of a policy and refuses an empty policy', async () => {
    const unknown = await admin.request({
      method: 'POST',
      url: '/api/v1/escalation-policies',
      payload: {
        name: 'Broken',
        levels: [levelOne([ana]), { delayMinutes: 5, targets: [{ type: 'schedule', id: ana.user.id }] }],
        repeat: 0,
      },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('levels.1.targets.0.id');
    const empty = await admin.request({
      method: 'POST',
      url: '/api/v1/escalation-policies',
      payload: { name: 'Empty', levels: [], repeat: 0 },
    });
    expect(empty.json().error.field).toBe('levels');
    const support = await signedInUser(t, { role: 'support_agent' });
    const refused = await support.request({
      method: 'POST',
      url: '/api/v1/escalation-policies',
      payload: { name: 'Mine', levels: [levelOne([ana])], repeat: 0 },
    });
    expect(refused.statusCode).toBe(403);
  });
});
