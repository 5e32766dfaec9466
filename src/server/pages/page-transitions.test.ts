import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import type { Agent } from '../../../tests/support/factories.js';
import { useOncallPeople } from '../../../tests/support/oncall-people.js';
import { createPagedService } from '../../../tests/support/oncall-service.js';
import { openPageOn, readPage } from '../../../tests/support/page-api.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { notifications } from '../db/schema/index.js';
import { MINUTE } from '../lib/clock.js';

/** What each move of a page says: its answer when refused, its timeline entry, and what its responders are sent. */
describeEachDatabase('page moves and what they record', (kind) => {
  const t = useTestApp(kind);
  const people = useOncallPeople(t, '2027-02-01T10:00:00Z');
  let serviceId: string;

  beforeAll(async () => {
    ({ serviceId } = await createPagedService(people.admin, [people.ana], { name: 'Checkout API' }));
  });

  const act = (who: Agent, pageId: string, action: string, payload?: object) =>
    who.request({
      method: 'POST',
      url: `/api/v1/pages/${pageId}/${action}`,
      ...(payload ? { payload } : {}),
    });
  const mailsTo = async (who: Agent, pageId: string) =>
    t.ctx.db
      .select({ subject: notifications.subject, body: notifications.body })
      .from(notifications)
      .where(and(eq(notifications.recipient, who.user.email), eq(notifications.pageId, pageId)));
  const eventsOf = async (pageId: string, type: string) =>
    (await readPage(people.admin, pageId)).timeline.filter((e) => e.type === type);

  it('tells a responder in the email which service and level the page is at', async () => {
    const page = await openPageOn(people.admin, serviceId, 'Card payments declined');
    const [mail] = await mailsTo(people.ana, page.id);
    expect(mail?.body).toContain(
      `Page #${page.number} on Checkout API needs someone (high urgency, level 1).`,
    );
  });

  it('refuses moves a page cannot make, saying why', async () => {
    const page = await openPageOn(people.admin, serviceId, 'Search down');
    const early = await act(people.ana, page.id, 'snooze', { minutes: 30 });
    expect([early.statusCode, early.json().error.message]).toEqual([
      409,
      'only an acknowledged page can be snoozed',
    ]);
    expect((await act(people.ana, page.id, 'resolve')).statusCode).toBe(200);
    for (const [action, payload] of [
      ['acknowledge', undefined],
      ['resolve', undefined],
      ['reassign', { userId: people.ben.user.id }],
    ] as const) {
      const refused = await act(people.ana, page.id, action, payload);
      expect([action, refused.statusCode, refused.json().error.message]).toEqual([
        action,
        409,
        'the page is already resolved',
      ]);
    }
    expect(await mailsTo(people.ben, page.id)).toEqual([]);
  });

  it('records a snooze with its length and end', async () => {
    const page = await openPageOn(people.admin, serviceId, 'Feeds late');
    await act(people.ana, page.id, 'acknowledge');
    expect((await act(people.ana, page.id, 'snooze', { minutes: 45 })).statusCode).toBe(200);
    const [snoozed] = await eventsOf(page.id, 'snoozed');
    expect([snoozed?.actor?.id, snoozed?.detail]).toEqual([
      people.ana.user.id,
      { minutes: 45, until: new Date(t.clock.now().getTime() + 45 * MINUTE).toISOString() },
    ]);
  });

  it('reassigns to another escalation policy as it is now: its first level is paged at once', async () => {
    const other = await people.admin.request({
      method: 'POST',
      url: '/api/v1/escalation-policies',
      payload: {
        name: 'Payments team',
        levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: people.ben.user.id }] }],
        repeat: 0,
      },
    });
    expect(other.statusCode).toBe(201);
    const page = await openPageOn(people.admin, serviceId, 'Refunds failing');
    await act(people.ana, page.id, 'acknowledge');
    const moved = await act(people.ana, page.id, 'reassign', { escalationPolicyId: other.json().id });
    expect(moved.json()).toMatchObject({
      status: 'triggered',
      acknowledgedBy: null,
      escalationPolicy: { id: other.json().id, name: 'Payments team' },
    });
    expect(await mailsTo(people.ben, page.id)).toHaveLength(1);
    const [reassigned] = await eventsOf(page.id, 'reassigned');
    expect([reassigned?.actor?.id, reassigned?.detail]).toEqual([
      people.ana.user.id,
      { to: { escalationPolicyId: other.json().id }, policy: 'Payments team' },
    ]);
    expect((await eventsOf(page.id, 'escalated')).map((e) => e.detail.cause)).toEqual([
      'opened',
      'reassigned',
    ]);

    const unknown = await act(people.ana, page.id, 'reassign', {
      escalationPolicyId: '00000000-0000-4000-8000-000000000002',
    });
    expect([unknown.statusCode, unknown.json().error.field, unknown.json().error.message]).toEqual([
      400,
      'escalationPolicyId',
      'escalationPolicyId: is not a known escalation policy',
    ]);
    const nobody = await act(people.ana, page.id, 'reassign', {
      userId: '00000000-0000-4000-8000-000000000003',
    });
    expect([nobody.statusCode, nobody.json().error.message]).toEqual([
      400,
      'userId: is not an enabled staff user',
    ]);
  });

  it('opens a page by hand with its description, on a known service only, and reassigns to exactly one target', async () => {
    const opened = await people.admin.request({
      method: 'POST',
      url: '/api/v1/pages',
      payload: { serviceId, title: 'Look at the importer', details: 'Since 09:40 every feed fails' },
    });
    expect(opened.json()).toMatchObject({
      source: 'switchboard/manual',
      severity: 'critical',
      details: { description: 'Since 09:40 every feed fails' },
    });
    const [triggered] = await eventsOf(opened.json().id, 'triggered');
    expect([triggered?.actor?.id, triggered?.detail]).toEqual([
      people.admin.user.id,
      { via: 'manual', severity: 'critical', urgency: 'high', policy: 'Monitoring' },
    ]);
    const unknown = await people.admin.request({
      method: 'POST',
      url: '/api/v1/pages',
      payload: { serviceId: '00000000-0000-4000-8000-000000000004', title: 'Nowhere' },
    });
    expect([unknown.statusCode, unknown.json().error.message]).toEqual([
      400,
      'serviceId: is not a known service',
    ]);
    const neither = await act(people.ana, opened.json().id, 'reassign', {});
    expect([neither.statusCode, neither.json().error.message]).toEqual([
      400,
      'userId: give exactly one of userId or escalationPolicyId',
    ]);
  });
});
