import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { listOutbox } from '../notifications/service.js';

describeEachDatabase('partner lifecycle and consultants', (kind) => {
  const t = useTestApp(kind);

  it('moves a partner forward by its admin or assigned consultant, never back', async () => {
    const partner = await buildPartner(t, { status: 'interested' });
    const admin = await signedInUser(t, { role: 'admin' });
    const consultant = await signedInUser(t, { role: 'consultant' });
    const otherConsultant = await signedInUser(t, { role: 'consultant' });
    const move = (agent: typeof admin, status: string) =>
      agent.request({ method: 'PATCH', url: `/api/v1/partners/${partner.id}/status`, payload: { status } });

    expect((await move(consultant, 'integrating')).statusCode).toBe(403);
    const assign = await admin.request({
      method: 'PUT',
      url: `/api/v1/partners/${partner.id}/consultant`,
      payload: { consultantUserId: consultant.user.id },
    });
    expect(assign.statusCode).toBe(200);
    expect((await move(otherConsultant, 'integrating')).statusCode).toBe(403);
    expect((await move(consultant, 'integrating')).json().status).toBe('integrating');
    expect((await move(consultant, 'interested')).statusCode).toBe(409);
    expect((await move(admin, 'launched')).json().status).toBe('launched');

    const audit = (
      await admin.request({ method: 'GET', url: `/api/v1/audit?partnerId=${partner.id}` })
    ).json();
    expect(
      audit
        .filter((e: { action: string }) => e.action === 'partner.status_changed')
        .map((e: { after: { status: string } }) => e.after.status),
    ).toEqual(['launched', 'integrating']);
  });

  it('refuses a consultant who is not one', async () => {
    const partner = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'admin' });
    const agent = await signedInUser(t, { role: 'support_agent' });
    const response = await admin.request({
      method: 'PUT',
      url: `/api/v1/partners/${partner.id}/consultant`,
      payload: { consultantUserId: agent.user.id },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('consultantUserId');
  });

  it('routes “contact your consultant” to the consultant, not the support queue', async () => {
    const partner = await buildPartner(t, { status: 'integrating', name: 'Falafel Flow' });
    const admin = await signedInUser(t, { role: 'admin' });
    const consultant = await signedInUser(t, { role: 'consultant', name: 'Clara Consultant' });
    const member = await signedInUser(t, { role: 'partner_member', partnerId: partner.id });
    const ask = () =>
      member.request({
        method: 'POST',
        url: `/api/v1/partners/${partner.id}/cases`,
        payload: {
          category: 'integration_question',
          subject: 'Which feed format?',
          description: 'Do you take gzip?',
        },
      });
    expect((await ask()).statusCode).toBe(409);
    await admin.request({
      method: 'PUT',
      url: `/api/v1/partners/${partner.id}/consultant`,
      payload: { consultantUserId: consultant.user.id },
    });
    const view = (await member.request({ method: 'GET', url: `/api/v1/partners/${partner.id}` })).json();
    expect(view.consultant).toEqual({ name: 'Clara Consultant', email: consultant.user.email });

    const opened = await ask();
    expect(opened.statusCode).toBe(201);
    expect(opened.json().assigneeUserId).toBe(consultant.user.id);
    const inbox = (await consultant.request({ method: 'GET', url: '/api/v1/cases/assigned' })).json();
    expect(inbox.map((row: { id: string }) => row.id)).toContain(opened.json().id);
    const mail = (await listOutbox(t.ctx, { partnerId: partner.id })).find(
      (m) => m.template === 'consultant_question',
    );
    expect(mail).toMatchObject({
      recipient: consultant.user.email,
      subject: 'Falafel Flow asks: Which feed format?',
    });

    const reply = await consultant.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/cases/${opened.json().id}/comments`,
      payload: { body: 'Yes, gzip works.' },
    });
    expect(reply.statusCode).toBe(201);
    const thread = (
      await member.request({ method: 'GET', url: `/api/v1/partners/${partner.id}/cases/${opened.json().id}` })
    ).json();
    expect(thread.comments).toEqual([
      expect.objectContaining({ authorName: 'Clara Consultant', body: 'Yes, gzip works.' }),
    ]);
  });

  it('requires one of the urgent criteria for an urgent case', async () => {
    const partner = await buildPartner(t);
    const member = await signedInUser(t, { role: 'partner_member', partnerId: partner.id });
    const url = `/api/v1/partners/${partner.id}/cases`;
    const missing = await member.request({
      method: 'POST',
      url,
      payload: { category: 'urgent_technical_support', subject: 'Down', description: 'All 500' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('urgentCriterion');
    const ok = await member.request({
      method: 'POST',
      url,
      payload: {
        category: 'urgent_technical_support',
        subject: 'Down',
        description: 'All 500',
        urgentCriterion: 'orders_blocked',
        impact: { since: '2026-01-01T10:00:00Z', ordersAffectedPercent: 80 },
      },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().assigneeUserId).toBeNull();
  });

  it('shows the audit log to partner admins for their organisation only, and to staff', async () => {
    const partner = await buildPartner(t);
    const partnerAdmin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const member = await signedInUser(t, { role: 'partner_member', partnerId: partner.id });
    await partnerAdmin.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/contacts`,
      payload: { role: 'alert', name: 'A', email: 'a@example.test' },
    });
    const own = await partnerAdmin.request({ method: 'GET', url: `/api/v1/partners/${partner.id}/audit` });
    expect(own.json()[0]).toMatchObject({
      action: 'contact.added',
      actorLabel: partnerAdmin.user.email,
      after: { email: 'a@example.test' },
    });
    expect(
      (await member.request({ method: 'GET', url: `/api/v1/partners/${partner.id}/audit` })).statusCode,
    ).toBe(403);
    const agent = await signedInUser(t, { role: 'support_agent' });
    const staffView = await agent.request({ method: 'GET', url: `/api/v1/partners/${partner.id}/audit` });
    expect(staffView.statusCode).toBe(200);
    expect(staffView.json()).toEqual(own.json());
    const platformView = await agent.request({ method: 'GET', url: `/api/v1/audit?partnerId=${partner.id}` });
    expect(platformView.json()).toEqual(own.json());

    // Only this partner's events: another partner's change shows in neither view.
    const other = await buildPartner(t);
    const otherAdmin = await signedInUser(t, { role: 'partner_admin', partnerId: other.id });
    await otherAdmin.request({
      method: 'POST',
      url: `/api/v1/partners/${other.id}/contacts`,
      payload: { role: 'alert', name: 'B', email: 'b@example.test' },
    });
    const again = await partnerAdmin.request({ method: 'GET', url: `/api/v1/partners/${partner.id}/audit` });
    expect(again.json()).toEqual(own.json());
    expect(own.json().every((e: { partnerId: string }) => e.partnerId === partner.id)).toBe(true);
  });
});
