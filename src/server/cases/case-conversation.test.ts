import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { useCaseDesk } from '../../../tests/support/case-desk.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, signedInUser, signIn } from '../../../tests/support/factories.js';
import { cases, notifications } from '../db/schema/index.js';
import { HOUR, MINUTE } from '../lib/clock.js';

/** Replies, internal notes, followers and status moves on a filed case, as partners and staff make them. */
describeEachDatabase('a case conversation', (kind) => {
  const desk = useCaseDesk(kind, { locale: 'de' });
  const { t } = desk;
  const normal = { subject: 'Menu sync fails', description: 'Prices stale since 9:00' };
  const mailsTo = async (email: string) =>
    t.ctx.db.select().from(notifications).where(eq(notifications.recipient, email));

  it('keeps internal notes from partners: not in the API, not in their mail; staff see them', async () => {
    const created = await desk.file(normal);
    const url = `${desk.base}/${created.id}`;
    const note = await desk.agent.request({
      method: 'POST',
      url: `${url}/comments`,
      payload: { body: 'Customer is on the old feed version', internal: true },
    });
    expect(note.statusCode).toBe(201);
    const partnerView = (await desk.member.request({ method: 'GET', url })).json();
    expect(JSON.stringify(partnerView)).not.toContain('old feed version');
    expect(partnerView.comments).toEqual([]);
    expect(
      (await desk.member.request({ method: 'GET', url: `/api/v1/cases/${created.id}` })).statusCode,
    ).toBe(403);
    expect(partnerView.events.map((e: { type: string }) => e.type)).toEqual(['created']);
    const staffView = (
      await desk.agent.request({ method: 'GET', url: `/api/v1/cases/${created.id}` })
    ).json();
    expect(staffView.comments).toMatchObject([
      { body: 'Customer is on the old feed version', internal: true },
    ]);
    const partnerMail = await mailsTo(desk.member.user.email);
    expect(partnerMail.some((m) => m.body.includes('old feed version'))).toBe(false);
    // An internal note does not meet the first-response target either.
    expect(staffView.sla.firstResponseAt).toBeNull();
  });

  it('lets a colleague follow a case and stop following it; staff and tokens do not subscribe', async () => {
    const created = await desk.file(normal);
    const colleague = await signedInUser(t, {
      role: 'partner_member',
      partnerId: desk.partnerId,
      locale: 'en',
    });
    const url = `${desk.base}/${created.id}`;
    const follow = (who: Agent, subscribed: boolean) =>
      who.request({ method: 'PUT', url: `${url}/subscription`, payload: { subscribed } });
    const staffReplies = async () =>
      (await mailsTo(colleague.user.email)).filter((m) => m.template === 'case_staff_reply').length;

    expect((await follow(colleague, true)).json()).toEqual({ subscribed: true });
    expect((await colleague.request({ method: 'GET', url })).json().subscribed).toBe(true);
    await desk.agent.request({ method: 'POST', url: `${url}/comments`, payload: { body: 'First answer' } });
    expect(await staffReplies()).toBe(1);
    expect((await follow(colleague, false)).json()).toEqual({ subscribed: false });
    await desk.agent.request({ method: 'POST', url: `${url}/comments`, payload: { body: 'Second answer' } });
    expect(await staffReplies()).toBe(1);
    expect((await follow(desk.agent, true)).statusCode).toBe(403);
  });

  it('refuses internal notes from partners, naming the field', async () => {
    const created = await desk.file(normal);
    const response = await desk.member.request({
      method: 'POST',
      url: `${desk.base}/${created.id}/comments`,
      payload: { body: 'secret', internal: true },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.field).toBe('internal');
  });

  it('meets first response with the first public staff reply and tells the partner in their language', async () => {
    const created = await desk.file(normal);
    t.clock.advance(10 * MINUTE);
    await desk.member.request({
      method: 'POST',
      url: `${desk.base}/${created.id}/comments`,
      payload: { body: 'Any news?' },
    });
    expect(
      (await desk.member.request({ method: 'GET', url: `${desk.base}/${created.id}` })).json().sla
        .firstResponseAt,
    ).toBeNull();
    t.clock.advance(10 * MINUTE);
    const replyAt = t.clock.now().toISOString();
    await desk.agent.request({
      method: 'POST',
      url: `${desk.base}/${created.id}/comments`,
      payload: { body: 'Looking into it' },
    });
    const view = (await desk.member.request({ method: 'GET', url: `${desk.base}/${created.id}` })).json();
    expect(view.sla.firstResponseAt).toBe(replyAt);
    expect(view.comments.map((c: { authorKind: string }) => c.authorKind)).toEqual(['partner', 'staff']);
    const mail = (await mailsTo(desk.member.user.email)).find(
      (m) => m.template === 'case_staff_reply' && m.body.includes('Looking into it'),
    );
    expect(mail?.subject).toBe(`[#${created.number}] Neue Antwort: Menu sync fails`);
  });

  it('moves a case only along the allowed transitions, each refusal a 409 saying why', async () => {
    const created = await desk.file(normal);
    const url = `${desk.base}/${created.id}`;
    const patch = (payload: object) => desk.agent.request({ method: 'PATCH', url, payload });
    const refused = await patch({ status: 'resolved' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe('a case open can move to in_progress, not to resolved');
    expect((await patch({ status: 'in_progress' })).json().status).toBe('in_progress');
    expect((await patch({ status: 'waiting_on_partner' })).json()).toMatchObject({
      status: 'waiting_on_partner',
      sla: { paused: true, resolutionDueAt: null },
    });
    expect((await mailsTo(desk.member.user.email)).some((m) => m.template === 'case_waiting')).toBe(true);
    // The partner's reply puts it back in the queue.
    await desk.member.request({
      method: 'POST',
      url: `${url}/comments`,
      payload: { body: 'Here are the logs' },
    });
    expect((await desk.agent.request({ method: 'GET', url })).json()).toMatchObject({
      status: 'open',
      sla: { paused: false },
    });
    await patch({ status: 'in_progress' });
    expect((await patch({ status: 'resolved' })).json().status).toBe('resolved');
    expect((await patch({ status: 'closed' })).json().status).toBe('closed');
    const final = await patch({ status: 'open' });
    expect(final.statusCode).toBe(409);
    const reply = await desk.member.request({
      method: 'POST',
      url: `${url}/comments`,
      payload: { body: 'Again broken' },
    });
    expect(reply.statusCode).toBe(409);
    expect(reply.json().error.message).toContain(`/cases/new?followUp=${created.id}`);
    const statusEvents = (await desk.agent.request({ method: 'GET', url }))
      .json()
      .events.filter((e: { type: string }) => e.type === 'status');
    expect(statusEvents.map((e: { data: { to: string } }) => e.data.to)).toEqual([
      'in_progress',
      'waiting_on_partner',
      'open',
      'in_progress',
      'resolved',
      'closed',
    ]);
  });

  it('reopens a resolved case on a partner reply, and closes it after 7 days without one (runs last: moves the clock a week)', async () => {
    const first = await desk.file(normal);
    const second = await desk.file(normal);
    for (const id of [first.id, second.id]) {
      await desk.agent.request({
        method: 'PATCH',
        url: `${desk.base}/${id}`,
        payload: { status: 'in_progress' },
      });
      await desk.agent.request({
        method: 'PATCH',
        url: `${desk.base}/${id}`,
        payload: { status: 'resolved' },
      });
    }
    t.clock.advance(3 * 24 * HOUR);
    const back = await signIn(t, desk.member.user.email); // the earlier session timed out meanwhile
    await back.request({
      method: 'POST',
      url: `${desk.base}/${first.id}/comments`,
      payload: { body: 'Not fixed' },
    });
    // The staff session timed out over the week too, so the outcome is read from the database.
    const statusOf = async (id: string) =>
      (await t.ctx.db.select({ status: cases.status }).from(cases).where(eq(cases.id, id)))[0]?.status;
    t.clock.advance(4 * 24 * HOUR - MINUTE);
    await t.worker.runDue();
    expect(await statusOf(second.id)).toBe('resolved');
    t.clock.advance(MINUTE);
    await t.worker.runDue();
    expect(await statusOf(second.id)).toBe('closed');
    expect(await statusOf(first.id)).toBe('open');
  });
});
