import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { errorOf } from '../../../tests/support/answers.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, buildUser, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { listAudit } from '../audit/service.js';
import { schedules } from '../db/schema/index.js';

const NOBODY = '00000000-0000-4000-8000-000000000000';

/** Teams through the API: members who are enabled staff, edits that replace the list, audit, who may write. */
describeEachDatabase('on-call teams', (kind) => {
  const t = useTestApp(kind);
  let admin: Agent;
  let ana: Agent;
  let ben: Agent;
  let agent: Agent;

  beforeAll(async () => {
    admin = await signedInUser(t, { role: 'admin', name: 'Ada Admin' });
    ana = await signedInUser(t, { role: 'oncall_engineer', name: 'Ana Engineer' });
    ben = await signedInUser(t, { role: 'oncall_engineer', name: 'Ben Engineer' });
    agent = await signedInUser(t, { role: 'support_agent', name: 'Sam Support' });
  });

  const create = (payload: object, by = admin) =>
    by.request({ method: 'POST', url: '/api/v1/teams', payload });
  const auditOf = async (subjectId: string) =>
    (await listAudit(t.ctx, {}))
      .filter((e) => e.subjectId === subjectId)
      .map(({ action, actorUserId, subjectType, before, after }) => ({
        action,
        actorUserId,
        subjectType,
        before,
        after,
      }))
      .reverse();

  it('creates a team, lists and reads it with its members by name, replaces them, and removes it', async () => {
    const created = await create({ name: 'Platform', members: [ben.user.id, ana.user.id] });
    expect(created.statusCode).toBe(201);
    const team = created.json();
    expect(team).toEqual({
      id: expect.any(String),
      name: 'Platform',
      members: [ana.user.id, ben.user.id],
      createdAt: t.clock.now().toISOString(),
    });
    const listed = (await agent.request({ method: 'GET', url: '/api/v1/teams' })).json();
    expect(listed.find((x: { id: string }) => x.id === team.id)).toEqual(team);
    expect((await agent.request({ method: 'GET', url: `/api/v1/teams/${team.id}` })).json()).toEqual(team);

    const edited = await ana.request({
      method: 'PUT',
      url: `/api/v1/teams/${team.id}`,
      payload: { name: 'Platform EU', members: [ben.user.id] },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toEqual({ ...team, name: 'Platform EU', members: [ben.user.id] });

    const removed = await admin.request({ method: 'DELETE', url: `/api/v1/teams/${team.id}` });
    expect(removed.statusCode).toBe(204);
    expect((await agent.request({ method: 'GET', url: `/api/v1/teams/${team.id}` })).statusCode).toBe(404);
    expect(await auditOf(team.id)).toEqual([
      {
        action: 'team.created',
        actorUserId: admin.user.id,
        subjectType: 'team',
        before: null,
        after: { name: 'Platform', members: [ana.user.id, ben.user.id] },
      },
      {
        action: 'team.changed',
        actorUserId: ana.user.id,
        subjectType: 'team',
        before: { name: 'Platform', members: [ana.user.id, ben.user.id] },
        after: { name: 'Platform EU', members: [ben.user.id] },
      },
      {
        action: 'team.removed',
        actorUserId: admin.user.id,
        subjectType: 'team',
        before: { name: 'Platform EU', members: [ben.user.id] },
        after: null,
      },
    ]);
  });

  it('keeps a removed team’s schedules, without a team', async () => {
    const team = (await create({ name: 'Owners', members: [] })).json();
    const schedule = (
      await admin.request({
        method: 'POST',
        url: '/api/v1/schedules',
        payload: { name: 'Owned', timeZone: 'UTC', layers: [] },
      })
    ).json();
    await t.ctx.db.update(schedules).set({ teamId: team.id }).where(eq(schedules.id, schedule.id));
    await admin.request({ method: 'DELETE', url: `/api/v1/teams/${team.id}` });
    const [row] = await t.ctx.db.select().from(schedules).where(eq(schedules.id, schedule.id));
    expect(row?.teamId).toBeNull();
  });

  it('refuses members who are not enabled staff, naming the member, and changes nothing', async () => {
    const partner = await buildPartner(t);
    const partnerUser = await buildUser(t, { role: 'partner_admin', partnerId: partner.id });
    const gone = await buildUser(t, { role: 'oncall_engineer' });
    await admin.request({ method: 'PATCH', url: `/api/v1/users/${gone.id}`, payload: { disabled: true } });
    for (const stranger of [partnerUser.id, gone.id, NOBODY]) {
      expect(await errorOf(create({ name: 'Mixed', members: [ana.user.id, stranger] }))).toEqual({
        status: 400,
        code: 'validation',
        message: 'members.1: is not an enabled staff user',
        field: 'members.1',
        reason: 'invalid_id',
      });
    }
    const twice = await errorOf(create({ name: 'Twice', members: [ana.user.id, ana.user.id] }));
    expect(twice).toMatchObject({ status: 400, field: 'members', reason: 'duplicate_items' });
    const team = (await create({ name: 'Kept', members: [ana.user.id] })).json();
    const refused = await admin.request({
      method: 'PUT',
      url: `/api/v1/teams/${team.id}`,
      payload: { name: 'Changed', members: [gone.id] },
    });
    expect(refused.json().error.field).toBe('members.0');
    expect((await admin.request({ method: 'GET', url: `/api/v1/teams/${team.id}` })).json()).toEqual(team);
    expect((await auditOf(team.id)).map((e) => e.action)).toEqual(['team.created']);
  });

  // The team's row is locked before the edit reads it, so on PostgreSQL the second of two edits at once waits and
  // its audit row's "before" is what the first one left, not what both read at the start.
  it('two edits at once leave one of the two member lists, whole, each audited from what the other left', async () => {
    const team = (await create({ name: 'Racing', members: [] })).json();
    const edit = (members: Agent[]) =>
      admin.request({
        method: 'PUT',
        url: `/api/v1/teams/${team.id}`,
        payload: { name: 'Racing', members: members.map((m) => m.user.id) },
      });
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all([edit([ana]), edit([ben])]);
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
      const { members } = (await admin.request({ method: 'GET', url: `/api/v1/teams/${team.id}` })).json();
      expect([[ana.user.id], [ben.user.id]]).toContainEqual(members);
    }
    const changes = (await auditOf(team.id)).filter((e) => e.action === 'team.changed');
    expect(changes).toHaveLength(10);
    for (const [i, change] of changes.entries())
      expect(change.before).toEqual(i === 0 ? { name: 'Racing', members: [] } : changes[i - 1]?.after);
  });

  it('answers 404 for a team that does not exist, however it is spelled', async () => {
    for (const id of [NOBODY, 'not-a-team']) {
      const url = `/api/v1/teams/${id}`;
      const payload = { name: 'x', members: [] };
      for (const response of [
        admin.request({ method: 'GET', url }),
        admin.request({ method: 'PUT', url, payload }),
        admin.request({ method: 'DELETE', url }),
      ])
        expect(await errorOf(response)).toEqual({
          status: 404,
          code: 'not_found',
          message: 'team not found',
        });
    }
  });

  it('lets on-call engineers and admins edit, other staff read, partners nothing', async () => {
    const partner = await buildPartner(t);
    const partnerAdmin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const payload = { name: 'Rights', members: [] };
    expect((await create(payload, agent)).statusCode).toBe(403);
    const team = await create(payload, ana);
    expect(team.statusCode).toBe(201);
    const url = `/api/v1/teams/${team.json().id}`;
    expect((await agent.request({ method: 'PUT', url, payload })).statusCode).toBe(403);
    expect((await agent.request({ method: 'DELETE', url })).statusCode).toBe(403);
    expect((await agent.request({ method: 'GET', url })).statusCode).toBe(200);
    expect((await partnerAdmin.request({ method: 'GET', url })).statusCode).toBe(403);
    expect((await partnerAdmin.request({ method: 'GET', url: '/api/v1/staff-directory' })).statusCode).toBe(
      403,
    );
  });

  it('shows every staff member the staff directory: staff only, disabled ones flagged', async () => {
    const gone = await buildUser(t, { role: 'triage', name: 'Gina Gone' });
    await admin.request({ method: 'PATCH', url: `/api/v1/users/${gone.id}`, payload: { disabled: true } });
    const partner = await buildPartner(t);
    const partnerUser = await buildUser(t, { role: 'partner_member', partnerId: partner.id });
    const directory = (await agent.request({ method: 'GET', url: '/api/v1/staff-directory' })).json();
    expect(directory.find((p: { id: string }) => p.id === ana.user.id)).toEqual({
      id: ana.user.id,
      name: 'Ana Engineer',
      email: ana.user.email,
      role: 'oncall_engineer',
      disabled: false,
    });
    expect(directory.find((p: { id: string }) => p.id === gone.id)?.disabled).toBe(true);
    expect(directory.some((p: { id: string }) => p.id === partnerUser.id)).toBe(false);
    const names = directory.map((p: { name: string }) => p.name);
    expect(names).toEqual([...names].sort());
  });
});
