import { beforeAll, expect, it } from 'vitest';
import { tokenActor } from '../../../tests/support/actors.js';
import { useCaseDesk } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, signedInUser } from '../../../tests/support/factories.js';
import { MINUTE } from '../lib/clock.js';
import { listCasesAssignedTo } from './read.js';

/** The case view's clock in words, its health evidence, and the staff's ways to a case. */
describeEachDatabase('case detail', (kind) => {
  const desk = useCaseDesk(kind);
  const { t } = desk;
  let triager: Agent;

  beforeAll(async () => {
    triager = await signedInUser(t, { role: 'triage' });
  });

  const file = async (payload: object = {}) => (await desk.file(payload)).id;
  const patch = (id: string, payload: object) => desk.patch(id, payload);
  const view = async (id: string) =>
    (await desk.agent.request({ method: 'GET', url: `/api/v1/cases/${id}` })).json();

  it('counts whole business minutes left, negative once a target is past, none once met or paused', async () => {
    t.clock.set('2026-06-15T08:00:00Z');
    const id = await file();
    t.clock.set('2026-06-15T08:01:30Z');
    expect((await view(id)).slaClock).toEqual({
      timeZone: 'Europe/Berlin',
      businessHours: true,
      firstResponseMinutesLeft: 59,
      resolutionMinutesLeft: 1439,
    });
    t.clock.set('2026-06-15T09:30:00Z');
    expect((await view(id)).slaClock).toMatchObject({
      firstResponseMinutesLeft: -30,
      resolutionMinutesLeft: 1350,
    });
    await desk.agent.request({
      method: 'POST',
      url: `${desk.base}/${id}/comments`,
      payload: { body: 'On it' },
    });
    expect((await view(id)).slaClock).toMatchObject({
      firstResponseMinutesLeft: null,
      resolutionMinutesLeft: 1350,
    });
    await patch(id, { status: 'in_progress' });
    await patch(id, { status: 'waiting_on_partner' });
    expect((await view(id)).slaClock).toMatchObject({
      firstResponseMinutesLeft: null,
      resolutionMinutesLeft: null,
    });
    await patch(id, { status: 'resolved' });
    expect((await view(id)).slaClock).toMatchObject({
      firstResponseMinutesLeft: null,
      resolutionMinutesLeft: null,
    });
  });

  it('leaves first response open on a resolved case never answered: no minutes left to count', async () => {
    t.clock.set('2026-06-15T10:00:00Z');
    const id = await file();
    await patch(id, { status: 'in_progress' });
    await patch(id, { status: 'resolved' });
    expect((await view(id)).slaClock).toMatchObject({
      firstResponseMinutesLeft: null,
      resolutionMinutesLeft: null,
    });
  });

  it('counts an urgent case around the clock and carries its health evidence; a normal case has none', async () => {
    t.clock.set('2026-06-15T11:00:00Z');
    const urgent = await file({
      category: 'urgent_technical_support',
      urgentCriterion: 'integration_down',
      impact: { since: '2026-06-15T10:30:00Z' },
    });
    await triager.request({
      method: 'POST',
      url: `${desk.base}/${urgent}/triage`,
      payload: { decision: 'confirm' },
    });
    t.clock.set('2026-06-15T11:10:00Z');
    const hot = await view(urgent);
    expect(hot.slaClock).toEqual({
      timeZone: null,
      businessHours: false,
      firstResponseMinutesLeft: 20,
      resolutionMinutesLeft: 230,
    });
    expect(hot.health).toEqual({ escalations: [], signalsConfirm: false });
    expect((await view(await file())).health).toBeNull();
  });

  it('finds a case by id alone for staff; a malformed or unknown id is not found', async () => {
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const response = await desk.agent.request({ method: 'GET', url: `/api/v1/cases/${id}` });
      expect(response.statusCode, id).toBe(404);
    }
  });

  it("lists the staff user's assigned cases, most recently changed first; a token has none", async () => {
    const first = await file();
    const second = await file();
    await file();
    await patch(first, { assigneeUserId: desk.agent.user.id });
    t.clock.advance(MINUTE);
    await patch(second, { assigneeUserId: desk.agent.user.id });
    const assigned = async () =>
      (await desk.agent.request({ method: 'GET', url: '/api/v1/cases/assigned' }))
        .json()
        .map((c: { id: string }) => c.id);
    expect(await assigned()).toEqual([second, first]);
    t.clock.advance(MINUTE);
    await patch(first, { priority: 'high' });
    expect(await assigned()).toEqual([first, second]);
    expect(await listCasesAssignedTo(t.ctx, tokenActor('ci', desk.partnerId))).toEqual([]);
  });
});
