import { and, eq, like } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, signedInUser } from '../../../tests/support/factories.js';
import { useOncallPeople } from '../../../tests/support/oncall-people.js';
import { createPagedService } from '../../../tests/support/oncall-service.js';
import { openPageOn, readPage } from '../../../tests/support/page-api.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { jobs, notifications, pages, users } from '../db/schema/index.js';
import { MINUTE } from '../lib/clock.js';
import { ackTimeoutJob, escalationStepJob } from './escalation.js';
import { delayedNoticeJob } from './notify.js';

/*
 * A page's timers are cancelled when its run ends, but a timer already claimed by a worker (or repeated after a
 * crash) still runs: each job checks that the page is where the timer left it. On PGlite transactions never
 * interleave, so the race tests cannot reach these checks; here the jobs are run by hand with stale payloads.
 */
describeEachDatabase('page timers that outlived their run', (kind) => {
  const t = useTestApp(kind);
  const people = useOncallPeople(t, '2027-01-11T09:00:00Z');
  let serviceId: string;

  beforeAll(async () => {
    ({ serviceId } = await createPagedService(people.admin, [people.ana], {
      second: [people.ben],
      delayMinutes: 10,
    }));
  });

  const job = {
    jobId: 0,
    attempt: 1,
    get db() {
      return t.ctx.db;
    },
    get clock() {
      return t.clock;
    },
  };
  const rowOf = async (pageId: string) => {
    const [row] = await t.ctx.db.select().from(pages).where(eq(pages.id, pageId));
    if (!row) throw new Error(`page ${pageId} not stored`);
    return row;
  };
  const notified = async (who: Agent, pageId: string) =>
    (
      await t.ctx.db
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(eq(notifications.userId, who.user.id), eq(notifications.pageId, pageId)))
    ).length;
  const stepsQueued = async (pageId: string) =>
    (
      await t.ctx.db
        .select({ key: jobs.singletonKey })
        .from(jobs)
        .where(
          and(
            eq(jobs.name, 'pages.escalate'),
            eq(jobs.status, 'queued'),
            like(jobs.singletonKey, `page:${pageId}:%`),
          ),
        )
    ).map((j) => j.key);
  const step = (pageId: string, runId: string, fromLevel = 0, fromRound = 0) =>
    escalationStepJob(t.ctx).handle({ pageId, runId, fromLevel, fromRound }, job);

  it('records each level reached with its number, round, cause and responders, and sets no step past the last', async () => {
    const page = await openPageOn(people.admin, serviceId, 'Checkout failing');
    expect(await stepsQueued(page.id)).toHaveLength(1);
    t.clock.advance(10 * MINUTE);
    await t.worker.runDue();
    const escalated = (await readPage(people.admin, page.id)).timeline.filter((e) => e.type === 'escalated');
    expect(escalated.map((e) => e.detail)).toEqual([
      { level: 1, round: 1, cause: 'opened', responders: [people.ana.user.id] },
      { level: 2, round: 1, cause: 'delay_elapsed', responders: [people.ben.user.id] },
    ]);
    expect(await stepsQueued(page.id)).toEqual([]);
  });

  it('moves a page one position per step: a repeated step, another position or a step past the last does nothing', async () => {
    const levels = [people.ana, people.ben].map((who) => ({
      delayMinutes: 10,
      targets: [{ type: 'user', id: who.user.id }],
    }));
    const policy = await people.admin.request({
      method: 'POST',
      url: '/api/v1/escalation-policies',
      payload: { name: 'Twice round', levels, repeat: 1 },
    });
    const service = await people.admin.request({
      method: 'POST',
      url: '/api/v1/services',
      payload: { name: 'Menu API', escalationPolicyId: policy.json().id },
    });
    const page = await openPageOn(people.admin, service.json().id, 'Menu sync failing');
    const { runId } = await rowOf(page.id);
    const at = async () => {
      const row = await rowOf(page.id);
      return [row.level, row.round];
    };
    await step(page.id, runId, 0, 1); // right level, wrong round
    expect(await at()).toEqual([0, 0]);
    await step(page.id, runId, 0, 0);
    expect(await at()).toEqual([1, 0]);
    await step(page.id, runId, 0, 0); // the same step once more, as after a crash
    expect(await at()).toEqual([1, 0]);
    await step(page.id, runId, 1, 0);
    await step(page.id, runId, 0, 1);
    expect(await at()).toEqual([1, 1]);
    await step(page.id, runId, 1, 1); // the last position: nowhere further to go
    expect(await at()).toEqual([1, 1]);
    expect([await notified(people.ana, page.id), await notified(people.ben, page.id)]).toEqual([2, 2]);
  });

  it('drops a step of an earlier run and a step for a page acknowledged since, and acknowledging cancels the steps', async () => {
    const page = await openPageOn(people.admin, serviceId, 'Orders stuck');
    const opened = await rowOf(page.id);
    const acked = await people.ana.request({ method: 'POST', url: `/api/v1/pages/${page.id}/acknowledge` });
    expect(acked.statusCode).toBe(200);
    expect(await stepsQueued(page.id)).toEqual([]);
    const { runId } = await rowOf(page.id);
    await step(page.id, runId); // the current run, but the page is no longer triggered
    await step(page.id, opened.runId);
    expect(await rowOf(page.id)).toMatchObject({ status: 'acknowledged', level: 0 });
    expect(await notified(people.ben, page.id)).toBe(0);

    const other = await openPageOn(people.admin, serviceId, 'Feeds late');
    await step(other.id, opened.runId); // another page's run
    expect((await rowOf(other.id)).level).toBe(0);
  });

  it("leaves another page's escalation running when one page is acknowledged", async () => {
    const first = await openPageOn(people.admin, serviceId, 'Payments failing');
    const second = await openPageOn(people.admin, serviceId, 'Payments still failing');
    await people.ana.request({ method: 'POST', url: `/api/v1/pages/${first.id}/acknowledge` });
    expect(await stepsQueued(second.id)).toHaveLength(1);
    t.clock.advance(10 * MINUTE);
    await t.worker.runDue();
    expect((await rowOf(second.id)).level).toBe(1);
    expect(await notified(people.ben, second.id)).toBe(1);
  });

  it('ends an acknowledgement only in its own run, and names a snooze ending apart from an ack timing out', async () => {
    const page = await openPageOn(people.admin, serviceId, 'Images missing');
    await people.ana.request({ method: 'POST', url: `/api/v1/pages/${page.id}/acknowledge` });
    const acknowledged = await rowOf(page.id);
    await ackTimeoutJob(t.ctx).handle({ pageId: page.id, runId: 'an-earlier-run' }, job);
    expect((await rowOf(page.id)).status).toBe('acknowledged');
    await ackTimeoutJob(t.ctx).handle({ pageId: page.id, runId: acknowledged.runId }, job);
    const retriggered = await rowOf(page.id);
    expect(retriggered.status).toBe('triggered');
    // A timeout arriving for a page already triggered again does not restart it.
    await ackTimeoutJob(t.ctx).handle({ pageId: page.id, runId: retriggered.runId }, job);
    expect((await rowOf(page.id)).runId).toBe(retriggered.runId);

    await people.ana.request({ method: 'POST', url: `/api/v1/pages/${page.id}/acknowledge` });
    const snoozed = await people.ana.request({
      method: 'POST',
      url: `/api/v1/pages/${page.id}/snooze`,
      payload: { minutes: 15 },
    });
    expect(snoozed.statusCode).toBe(200);
    t.clock.advance(15 * MINUTE);
    await t.worker.runDue();
    const timeline = (await readPage(people.admin, page.id)).timeline;
    expect(
      timeline.filter((e) => ['ack_timed_out', 'snooze_ended'].includes(e.type)).map((e) => e.type),
    ).toEqual(['ack_timed_out', 'snooze_ended']);
    expect(timeline.filter((e) => e.type === 'escalated').map((e) => e.detail.cause)).toEqual([
      'opened',
      'ack_timed_out',
      'snooze_ended',
    ]);
  });

  it('sends a delayed notice only while its run waits, to a responder still enabled, and skips a missing webhook', async () => {
    const page = await openPageOn(people.admin, serviceId, 'Ratings not loading');
    const { runId } = await rowOf(page.id);
    const notice = (userId: string, channel: 'in_app' | 'webhook', run = runId) =>
      delayedNoticeJob(t.ctx).handle({ pageId: page.id, runId: run, userId, channel }, job);
    const before = await notified(people.ana, page.id);
    await notice(people.ana.user.id, 'in_app', 'an-earlier-run');
    expect(await notified(people.ana, page.id)).toBe(before);
    await notice(people.ana.user.id, 'in_app');
    expect(await notified(people.ana, page.id)).toBe(before + 1);

    const gone = await signedInUser(t, { role: 'oncall_engineer', name: 'Gone' });
    await t.ctx.db.update(users).set({ disabledAt: t.clock.now() }).where(eq(users.id, gone.user.id));
    await notice(gone.user.id, 'in_app');
    expect(await notified(gone, page.id)).toBe(0);

    await notice(people.ana.user.id, 'webhook');
    const skipped = (await readPage(people.admin, page.id)).timeline.filter(
      (e) => e.type === 'notify_skipped',
    );
    expect(skipped.map((e) => [e.user?.id, e.detail])).toEqual([
      [people.ana.user.id, { channel: 'webhook', reason: 'no webhook on the profile' }],
    ]);
    expect(await notified(people.ana, page.id)).toBe(before + 1);

    await people.ana.request({ method: 'POST', url: `/api/v1/pages/${page.id}/acknowledge` });
    await notice(people.ana.user.id, 'in_app', (await rowOf(page.id)).runId); // its run, but acknowledged
    expect(await notified(people.ana, page.id)).toBe(before + 1);
  });
});
