import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { useOncallPeople } from '../../../tests/support/oncall-people.js';
import { openPageOn, readPage } from '../../../tests/support/page-api.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { users } from '../db/schema/index.js';
import { HOUR } from '../lib/clock.js';

/** Who a level reaches when the page gets there: named people and whoever its schedules have on call then. */
describeEachDatabase('the responders of a level', (kind) => {
  const t = useTestApp(kind);
  // Saturday 08:30 in Berlin: Ana's day until 09:00.
  const people = useOncallPeople(t, '2027-03-27T07:30:00Z');
  let scheduleId: string;

  beforeAll(async () => {
    const schedule = await people.admin.request({
      method: 'POST',
      url: '/api/v1/schedules',
      payload: {
        name: 'Platform',
        timeZone: 'Europe/Berlin',
        layers: [
          {
            name: 'Primary',
            start: '2027-03-26T08:00:00Z',
            rotation: { type: 'daily' },
            handoffTime: '09:00',
            users: [people.ana.user.id, people.ben.user.id],
          },
        ],
      },
    });
    expect(schedule.statusCode).toBe(201);
    scheduleId = schedule.json().id;
  });

  async function serviceFor(targets: object[]) {
    const policy = await people.admin.request({
      method: 'POST',
      url: '/api/v1/escalation-policies',
      payload: { name: 'Level one', levels: [{ delayMinutes: 10, targets }], repeat: 0 },
    });
    expect(policy.statusCode).toBe(201);
    const service = await people.admin.request({
      method: 'POST',
      url: '/api/v1/services',
      payload: { name: `Service ${policy.json().id}`, escalationPolicyId: policy.json().id },
    });
    return service.json().id as string;
  }
  /** The first escalation of a newly opened page: whom it reached, and whether that was the admins' fallback. */
  async function firstReached(serviceId: string) {
    const page = await openPageOn(people.admin, serviceId, 'Orders failing');
    const escalated = (await readPage(people.admin, page.id)).timeline.find((e) => e.type === 'escalated');
    return { responders: escalated?.detail.responders, fallback: escalated?.detail.fallback ?? null };
  }

  it('reaches whoever the schedule has on call at that moment, each person once', async () => {
    const schedule = { type: 'schedule', id: scheduleId };
    const serviceId = await serviceFor([schedule, { type: 'user', id: people.ana.user.id }]);
    expect(await firstReached(serviceId)).toEqual({ responders: [people.ana.user.id], fallback: null });
    t.clock.advance(HOUR); // 09:30: Ben's day
    expect(await firstReached(serviceId)).toEqual({
      responders: [people.ben.user.id, people.ana.user.id],
      fallback: null,
    });
  });

  it('passes over a named person disabled or no longer staff since, paging the admins when that leaves nobody', async () => {
    const cy = await signedInUser(t, { role: 'oncall_engineer', name: 'Cy' });
    const dee = await signedInUser(t, { role: 'oncall_engineer', name: 'Dee' });
    const serviceId = await serviceFor([
      { type: 'user', id: cy.user.id },
      { type: 'user', id: dee.user.id },
    ]);
    await t.ctx.db.update(users).set({ disabledAt: t.clock.now() }).where(eq(users.id, cy.user.id));
    expect(await firstReached(serviceId)).toEqual({ responders: [dee.user.id], fallback: null });
    const partner = await buildPartner(t);
    await t.ctx.db
      .update(users)
      .set({ role: 'partner_member', partnerId: partner.id })
      .where(eq(users.id, dee.user.id));
    const fallback = await firstReached(serviceId);
    expect(fallback).toEqual({
      responders: expect.arrayContaining([people.admin.user.id]),
      fallback: 'platform_admins',
    });
    expect(fallback.responders).not.toContain(dee.user.id);
  });
});
