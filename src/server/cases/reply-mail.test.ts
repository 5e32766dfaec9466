import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { useCaseDesk } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, signedInUser } from '../../../tests/support/factories.js';
import { caseEvents, cases, notifications, users } from '../db/schema/index.js';
import { MINUTE } from '../lib/clock.js';

/**
 * Who hears of a reply: a partner's reply goes to the assignee, else the case's queue, else the admins; a staff
 * reply goes to the partner's requester and followers, once each and never to staff; an internal note to nobody.
 */
describeEachDatabase('reply mail', (kind) => {
  const desk = useCaseDesk(kind);
  const { t, reply } = desk;
  let engineer: Agent;
  let admin: Agent;

  beforeAll(async () => {
    engineer = await signedInUser(t, { role: 'oncall_engineer' });
    admin = await signedInUser(t, { role: 'admin' });
  });

  const file = async (who?: Agent) => (await desk.file({}, who)).id;
  const patch = (id: string, payload: object) =>
    admin.request({ method: 'PATCH', url: `${desk.base}/${id}`, payload });
  /** Recipients of the mails of one template about one case, in the order queued. */
  const sentTo = async (id: string, template: string) =>
    (await t.ctx.db.select().from(notifications).where(eq(notifications.template, template)))
      .filter((m) => m.body.includes(`/cases/${id}`))
      .sort((a, b) => a.id - b.id)
      .map((m) => m.recipient);
  const disable = (userId: string) =>
    t.ctx.db.update(users).set({ disabledAt: t.clock.now() }).where(eq(users.id, userId));

  it("sends a partner's reply to the assignee, else the queue's staff, else the admins", async () => {
    const id = await file();
    await reply(desk.member, id, 'First');
    await patch(id, { assigneeUserId: engineer.user.id });
    await reply(desk.member, id, 'Second');
    await patch(id, { assigneeUserId: null, queue: 'oncall_engineering' });
    await reply(desk.member, id, 'Third');
    // Nobody works the consultants' queue here: the admins hear of it.
    await patch(id, { queue: 'consultants' });
    await reply(desk.member, id, 'Fourth');
    expect(await sentTo(id, 'case_partner_reply')).toEqual([
      desk.agent.user.email,
      engineer.user.email,
      engineer.user.email,
      admin.user.email,
    ]);
  });

  it('passes over a disabled assignee to the queue', async () => {
    const other = await signedInUser(t, { role: 'support_agent' });
    const id = await file();
    await patch(id, { assigneeUserId: other.user.id });
    await disable(other.user.id);
    await reply(desk.member, id, 'Anyone there?');
    expect(await sentTo(id, 'case_partner_reply')).toEqual([desk.agent.user.email]);
  });

  it('sends a staff reply to the requester and followers of the partner once each, never to staff', async () => {
    const follower = await signedInUser(t, { role: 'partner_member', partnerId: desk.partnerId });
    const gone = await signedInUser(t, { role: 'partner_member', partnerId: desk.partnerId });
    const id = await file();
    for (const who of [follower, gone, desk.member])
      await who.request({
        method: 'PUT',
        url: `${desk.base}/${id}/subscription`,
        payload: { subscribed: true },
      });
    await disable(gone.user.id);
    await reply(desk.agent, id, 'Looking into it');
    expect((await sentTo(id, 'case_staff_reply')).sort()).toEqual(
      [desk.member.user.email, follower.user.email].sort(),
    );
    // A case staff filed for the partner has a staff requester and follower: partner mail goes to nobody.
    const staffFiled = await file(desk.agent);
    await reply(admin, staffFiled, 'Fixed on our side');
    expect(await sentTo(staffFiled, 'case_staff_reply')).toEqual([]);
  });

  it('sends an internal note to nobody and marks its log entry internal; a reply touches the case', async () => {
    const id = await file();
    const before = (await t.ctx.db.select().from(notifications)).length;
    t.clock.advance(3 * MINUTE);
    const note = (await reply(desk.agent, id, 'Check the feed version', true)).json();
    expect((await t.ctx.db.select().from(notifications)).length).toBe(before);
    const events = await t.ctx.db.select().from(caseEvents).where(eq(caseEvents.caseId, id));
    expect(events.filter((e) => e.type === 'comment').map((e) => [e.internal, e.data])).toEqual([
      [true, { commentId: note.id, authorKind: 'staff', internal: true }],
    ]);
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, id));
    expect([row?.status, row?.updatedAt.toISOString()]).toEqual(['open', '2026-06-15T08:03:00.000Z']);
  });

  it("leaves an open case open on the partner's reply and a waiting case open again", async () => {
    const id = await file();
    await reply(desk.member, id, 'More detail');
    const statusOf = async () => (await t.ctx.db.select().from(cases).where(eq(cases.id, id)))[0]?.status;
    expect(await statusOf()).toBe('open');
    await patch(id, { status: 'in_progress' });
    await reply(desk.agent, id, 'Send logs please');
    expect(await statusOf()).toBe('in_progress');
    await patch(id, { status: 'waiting_on_partner' });
    await reply(desk.agent, id, 'Still waiting');
    expect(await statusOf()).toBe('waiting_on_partner');
    await reply(desk.member, id, 'Logs attached');
    expect(await statusOf()).toBe('open');
  });
});
