import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { userActor } from '../../../tests/support/actors.js';
import { useCaseDesk } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { cases, users } from '../db/schema/index.js';
import { MINUTE } from '../lib/clock.js';
import { listQueue } from './queue.js';

/** The staff queue's filters: each narrows to exactly the cases it names. */
describeEachDatabase('staff queue filters', (kind) => {
  const desk = useCaseDesk(kind);
  const { t } = desk;
  let colleague: Agent;
  /** a: open, normal, unassigned; b: account, high, in progress, the agent's; c: low, the colleague's. */
  const ids = { a: '', b: '', c: '' };

  beforeAll(async () => {
    colleague = await signedInUser(t, { role: 'support_agent' });
    const file = async (payload: object) => (await desk.file(payload)).id;
    const { patch } = desk;
    ids.a = await file({ subject: 'Menu sync fails' });
    t.clock.advance(MINUTE);
    ids.b = await file({ subject: 'Invoice address', category: 'account', priority: 'high' });
    await patch(ids.b, { assigneeUserId: desk.agent.user.id, status: 'in_progress' });
    t.clock.advance(MINUTE);
    ids.c = await file({ subject: 'Photos missing' });
    await patch(ids.c, { assigneeUserId: colleague.user.id, queue: 'consultants', priority: 'low' });
    await desk.reply(desk.member, ids.c, 'The pizzeria reports blurry thumbnails');
  });

  const queue = async (query: string, who: Agent = desk.agent) => {
    const response = await who.request({
      method: 'GET',
      url: `/api/v1/cases?partnerId=${desk.partnerId}&${query}`,
    });
    expect(response.statusCode, query).toBe(200);
    return response.json().items.map((c: { id: string }) => c.id);
  };

  it('filters by status (a comma-separated list), category, priority and queue', async () => {
    expect(await queue('status=open')).toEqual([ids.a, ids.c]);
    expect(await queue(`status=${encodeURIComponent('open, in_progress')}`)).toEqual([ids.a, ids.b, ids.c]);
    expect(await queue('status=%20')).toEqual([ids.a, ids.b, ids.c]);
    expect(await queue('category=account')).toEqual([ids.b]);
    expect(await queue('priority=low')).toEqual([ids.c]);
    expect(await queue('queue=consultants')).toEqual([ids.c]);
    const other = (await buildPartner(t)).id;
    const elsewhere = await desk.agent.request({ method: 'GET', url: `/api/v1/cases?partnerId=${other}` });
    expect(elsewhere.json().items).toEqual([]);
  });

  it('refuses an unknown status, naming the field and the statuses allowed', async () => {
    const response = await desk.agent.request({ method: 'GET', url: '/api/v1/cases?status=open,pending' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      field: 'status',
      reason: 'not_allowed',
      message:
        'status: must be a comma-separated list of triage, open, in_progress, waiting_on_partner, resolved, closed',
      params: { allowed: ['triage', 'open', 'in_progress', 'waiting_on_partner', 'resolved', 'closed'] },
    });
  });

  it('filters by assignee: nobody, the signed-in user, or a user by id', async () => {
    expect(await queue('assignee=none')).toEqual([ids.a]);
    expect(await queue('assignee=me')).toEqual([ids.b]);
    expect(await queue('assignee=me', colleague)).toEqual([ids.c]);
    expect(await queue(`assignee=${colleague.user.id}`)).toEqual([ids.c]);
  });

  it('keeps cases whose next SLA instant is at or before slaDueBefore', async () => {
    expect(await queue('slaDueBefore=2026-06-15T08:59:59Z')).toEqual([]);
    expect(await queue('slaDueBefore=2026-06-15T09:00:00Z')).toEqual([ids.a]);
    expect(await queue('slaDueBefore=2026-06-15T09:01:00Z')).toEqual([ids.a, ids.b]);
    const [agentRow] = await t.ctx.db.select().from(cases).where(eq(cases.id, ids.a));
    expect(agentRow?.nextSlaDueAt?.toISOString()).toBe('2026-06-15T09:00:00.000Z');
  });

  it('says slaDueBefore is no date-time when a service caller hands it one without a zone', async () => {
    const [user] = await t.ctx.db.select().from(users).where(eq(users.id, desk.agent.user.id));
    if (!user) throw new Error('desk.agent not stored');
    await expect(
      listQueue(t.ctx, userActor(user), { slaDueBefore: '2026-06-15T09:00:00' }, {}),
    ).rejects.toMatchObject({
      message: 'slaDueBefore: is not an RFC 3339 date-time with a time zone',
      details: { field: 'slaDueBefore', reason: 'invalid_date_time' },
    });
  });

  it('filters breached cases (either target) and the ones not breached', async () => {
    await t.ctx.db.update(cases).set({ resolutionBreached: true }).where(eq(cases.id, ids.b));
    expect(await queue('slaBreached=true')).toEqual([ids.b]);
    expect(await queue('slaBreached=false')).toEqual([ids.a, ids.c]);
    expect(await queue('')).toEqual([ids.a, ids.b, ids.c]);
    await t.ctx.db
      .update(cases)
      .set({ resolutionBreached: false, firstResponseBreached: true })
      .where(eq(cases.id, ids.b));
    expect(await queue('slaBreached=true')).toEqual([ids.b]);
    await t.ctx.db.update(cases).set({ firstResponseBreached: false }).where(eq(cases.id, ids.b));
  });

  it('searches subjects and the comments of a case', async () => {
    expect(await queue('q=invoice')).toEqual([ids.b]);
    // Without a partner filter the queue holds every partner's cases.
    const everyone = await desk.agent.request({ method: 'GET', url: '/api/v1/cases?q=invoice&limit=200' });
    expect(everyone.json().items.map((c: { id: string }) => c.id)).toContain(ids.b);
    expect(await queue('q=thumbnails')).toEqual([ids.c]);
    expect(await queue('q=%20%20')).toEqual([ids.a, ids.b, ids.c]);
    expect(await queue('q=nothing-like-this')).toEqual([]);
  });
});
