import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { auditRowsAbout, errorOf } from '../../../tests/support/answers.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, buildUser, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import type { Actor } from '../auth/actor.js';
import { toSessionUser } from '../auth/sessions.js';
import { createPolicy, snapshotPolicy } from './policies.js';

/** Escalation policies: what is stored and shown, which targets are refused in words, and each audit row. */
describeEachDatabase('escalation policy rules', (kind) => {
  const t = useTestApp(kind);
  let admin: Agent;
  let ana: Agent;
  let scheduleId: string;

  beforeAll(async () => {
    t.clock.set('2027-05-03T08:00:00Z');
    admin = await signedInUser(t, { role: 'admin', name: 'Ada Admin' });
    ana = await signedInUser(t, { role: 'oncall_engineer', name: 'Ana Engineer' });
    const schedule = await admin.request({
      method: 'POST',
      url: '/api/v1/schedules',
      payload: { name: 'Primary', timeZone: 'Europe/Berlin', layers: [] },
    });
    scheduleId = schedule.json().id;
  });

  const policies = '/api/v1/escalation-policies';
  const post = (payload: object) => admin.request({ method: 'POST', url: policies, payload });
  const put = (id: string, payload: object) =>
    admin.request({ method: 'PUT', url: `${policies}/${id}`, payload });
  const user = (agent: Agent) => ({ type: 'user', id: agent.user.id });
  const schedule = () => ({ type: 'schedule', id: scheduleId });
  const unknownTarget = (field: string, what: string) => ({
    status: 400,
    code: 'validation',
    message: `${field}: is not a known ${what}`,
    field,
    reason: 'invalid_id',
  });
  const notFound = { status: 404, code: 'not_found', message: 'escalation policy not found' };
  const byAdmin = () => ({
    partnerId: null,
    actorLabel: admin.user.email,
    actorUserId: admin.user.id,
    actorTokenId: null,
    subjectType: 'escalation_policy',
  });

  it('stores a policy of users and schedules as given, and audits its name, level count and repeat', async () => {
    const levels = [
      { delayMinutes: 5, targets: [user(ana), schedule()] },
      { delayMinutes: 15, targets: [user(admin), user(ana)] },
    ];
    const created = await post({ name: 'Checkout', levels, repeat: 2 });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const stored = {
      id,
      name: 'Checkout',
      levels,
      repeat: 2,
      createdAt: '2027-05-03T08:00:00.000Z',
      updatedAt: '2027-05-03T08:00:00.000Z',
    };
    expect(created.json()).toEqual(stored);
    expect((await admin.request({ method: 'GET', url: `${policies}/${id}` })).json()).toEqual(stored);
    expect(await snapshotPolicy(t.ctx.db, id)).toEqual({ policyId: id, name: 'Checkout', levels, repeat: 2 });
    expect(await auditRowsAbout(t, id, 'escalation_policy.created')).toEqual([
      { ...byAdmin(), subjectId: id, before: null, after: { name: 'Checkout', levels: 2, repeat: 2 } },
    ]);
  });

  it('lists policies by name', async () => {
    for (const name of ['Zulu list', 'Alpha list', 'Mike list'])
      expect((await post({ name, levels: [{ delayMinutes: 1, targets: [] }], repeat: 0 })).statusCode).toBe(
        201,
      );
    const listed = (await admin.request({ method: 'GET', url: policies })).json() as { name: string }[];
    expect(listed.map((p) => p.name).filter((name) => name.endsWith(' list'))).toEqual([
      'Alpha list',
      'Mike list',
      'Zulu list',
    ]);
  });

  it("refuses, naming the first, a target that is no staff user or schedule: a partner's user, an unknown id, a user id as a schedule", async () => {
    const partner = await buildPartner(t);
    const member = await buildUser(t, { role: 'partner_admin', partnerId: partner.id });
    const level = (...targets: object[]) => ({ delayMinutes: 5, targets });
    const refusal = async (levels: object[]) => errorOf(post({ name: 'Refused', levels, repeat: 0 }));

    expect(await refusal([level(user(ana), { type: 'user', id: member.id })])).toEqual(
      unknownTarget('levels.0.targets.1.id', 'user'),
    );
    expect(
      await refusal([level(user(ana)), level(schedule(), { type: 'schedule', id: randomUUID() })]),
    ).toEqual(unknownTarget('levels.1.targets.1.id', 'schedule'));
    expect(await refusal([level({ type: 'schedule', id: ana.user.id })])).toEqual(
      unknownTarget('levels.0.targets.0.id', 'schedule'),
    );
    expect(await refusal([level({ type: 'user', id: scheduleId })])).toEqual(
      unknownTarget('levels.0.targets.0.id', 'user'),
    );
    const listed = (await admin.request({ method: 'GET', url: policies })).json() as { name: string }[];
    expect(listed.filter((p) => p.name === 'Refused')).toEqual([]);
  });

  it('refuses an id that is no UUID as an unknown target, before asking the database', async () => {
    const actor: Actor = {
      kind: 'user',
      user: toSessionUser(await buildUser(t, { role: 'admin' })),
      sessionIdHash: 'x',
      csrfToken: 'x',
    };
    const create = (type: 'user' | 'schedule') =>
      createPolicy(t.ctx, actor, {
        name: 'Not a UUID',
        levels: [{ delayMinutes: 5, targets: [{ type, id: 'not-a-uuid' }] }],
        repeat: 0,
      });
    for (const type of ['user', 'schedule'] as const) {
      await expect(create(type)).rejects.toMatchObject({
        code: 'validation',
        message: `levels.0.targets.0.id: is not a known ${type}`,
        details: { field: 'levels.0.targets.0.id', reason: 'invalid_id' },
      });
    }
  });

  it('changes a policy in place, keeping when it was made, and audits before and after', async () => {
    t.clock.set('2027-05-03T09:00:00Z');
    const created = await post({
      name: 'Before',
      levels: [{ delayMinutes: 5, targets: [user(ana)] }],
      repeat: 0,
    });
    const id = created.json().id as string;
    t.clock.set('2027-05-03T09:30:00Z');
    const levels = [
      { delayMinutes: 10, targets: [schedule()] },
      { delayMinutes: 20, targets: [user(admin)] },
      { delayMinutes: 30, targets: [user(ana)] },
    ];
    const changed = await put(id, { name: 'After', levels, repeat: 3 });
    expect(changed.json()).toEqual({
      id,
      name: 'After',
      levels,
      repeat: 3,
      createdAt: '2027-05-03T09:00:00.000Z',
      updatedAt: '2027-05-03T09:30:00.000Z',
    });
    expect(await auditRowsAbout(t, id, 'escalation_policy.changed')).toEqual([
      {
        ...byAdmin(),
        subjectId: id,
        before: { name: 'Before', levels: 1, repeat: 0 },
        after: { name: 'After', levels: 3, repeat: 3 },
      },
    ]);

    expect(
      await errorOf(
        put(id, {
          name: 'Broken',
          levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: randomUUID() }] }],
          repeat: 0,
        }),
      ),
    ).toEqual(unknownTarget('levels.0.targets.0.id', 'user'));
    expect((await admin.request({ method: 'GET', url: `${policies}/${id}` })).json()).toMatchObject({
      name: 'After',
      levels,
    });
  });

  it('answers 404 for a policy that does not exist, or an id that is no UUID, on every route', async () => {
    const valid = { name: 'Nobody', levels: [{ delayMinutes: 5, targets: [] }], repeat: 0 };
    for (const id of [randomUUID(), 'not-a-uuid']) {
      expect(await errorOf(admin.request({ method: 'GET', url: `${policies}/${id}` }))).toEqual(notFound);
      expect(await errorOf(put(id, valid))).toEqual(notFound);
      expect(await errorOf(admin.request({ method: 'DELETE', url: `${policies}/${id}` }))).toEqual(notFound);
      await expect(snapshotPolicy(t.ctx.db, id)).rejects.toMatchObject({
        code: 'not_found',
        message: 'escalation policy not found',
      });
    }
  });

  it('refuses to remove a policy a service escalates with, then removes it once the service is gone, audited', async () => {
    const id = (
      await post({ name: 'In use', levels: [{ delayMinutes: 5, targets: [user(ana)] }], repeat: 0 })
    ).json().id as string;
    const service = await admin.request({
      method: 'POST',
      url: '/api/v1/services',
      payload: { name: 'Uses it', escalationPolicyId: id },
    });
    const remove = () => admin.request({ method: 'DELETE', url: `${policies}/${id}` });
    expect(await errorOf(remove())).toEqual({
      status: 409,
      code: 'conflict',
      message: 'a service still escalates with this policy',
    });
    expect((await admin.request({ method: 'GET', url: `${policies}/${id}` })).statusCode).toBe(200);
    expect(await auditRowsAbout(t, id, 'escalation_policy.removed')).toEqual([]);

    await admin.request({ method: 'DELETE', url: `/api/v1/services/${service.json().id}` });
    expect((await remove()).statusCode).toBe(204);
    expect(await errorOf(admin.request({ method: 'GET', url: `${policies}/${id}` }))).toEqual(notFound);
    expect(await auditRowsAbout(t, id, 'escalation_policy.removed')).toEqual([
      { ...byAdmin(), subjectId: id, before: { name: 'In use' }, after: null },
    ]);
  });
});
