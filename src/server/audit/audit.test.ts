import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner, buildUser, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { users } from '../db/schema/index.js';

interface AuditRow {
  action: string;
  actorLabel: string;
  actorName: string | null;
  subjectId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  names: Record<string, string>;
}

describeEachDatabase('audit log with names', (kind) => {
  const t = useTestApp(kind);

  const auditOf = async (agent: Awaited<ReturnType<typeof signedInUser>>, url: string) => {
    const response = await agent.request({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    return response.json() as AuditRow[];
  };

  it('names the actor and the people a change refers to, for the partner and for staff', async () => {
    const partner = await buildPartner(t, { name: 'Satay Stream', status: 'integrating' });
    const admin = await signedInUser(t, { role: 'admin', name: 'Dana Admin' });
    const consultant = await buildUser(t, { role: 'consultant', name: 'Carla Consultant' });
    const partnerAdmin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });

    const assigned = await admin.request({
      method: 'PUT',
      url: `/api/v1/partners/${partner.id}/consultant`,
      payload: { consultantUserId: consultant.id },
    });
    expect(assigned.statusCode).toBe(200);

    const [row] = await auditOf(partnerAdmin, `/api/v1/partners/${partner.id}/audit`);
    expect(row).toMatchObject({
      action: 'partner.consultant_assigned',
      actorName: 'Dana Admin',
      before: { consultantUserId: null },
      after: { consultantUserId: consultant.id },
      names: { [consultant.id]: 'Carla Consultant', [partner.id]: 'Satay Stream' },
    });
    const staffView = (await auditOf(admin, `/api/v1/audit?partnerId=${partner.id}`))[0];
    expect(staffView).toEqual(row);
  });

  it('names a case assignee in case.updated, and the case itself', async () => {
    const partner = await buildPartner(t, { status: 'launched' });
    const member = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const agent = await signedInUser(t, { role: 'support_agent', name: 'Sam Support' });
    const filed = await member.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/cases`,
      payload: { category: 'technical_support', subject: 'Menu sync fails', description: 'Prices stale' },
    });
    expect(filed.statusCode).toBe(201);
    const caseId = filed.json().id as string;
    const changed = await agent.request({
      method: 'PATCH',
      url: `/api/v1/partners/${partner.id}/cases/${caseId}`,
      payload: { assigneeUserId: agent.user.id, priority: 'high' },
    });
    expect(changed.statusCode).toBe(200);

    const rows = await auditOf(member, `/api/v1/partners/${partner.id}/audit`);
    const updated = rows.find((r) => r.action === 'case.updated');
    expect(updated).toMatchObject({
      actorName: 'Sam Support',
      before: { assigneeUserId: null, priority: 'normal' },
      after: { assigneeUserId: agent.user.id, priority: 'high' },
    });
    expect(updated?.names).toEqual({
      [partner.id]: partner.name,
      [caseId]: `#${filed.json().number} Menu sync fails`,
      [agent.user.id]: 'Sam Support',
    });
  });

  it('has no name for the system or a removed account, and keeps the label it recorded', async () => {
    const partner = await buildPartner(t, { status: 'launched' });
    const partnerAdmin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const leaver = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const paused = await leaver.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/integration/pause`,
      payload: {
        reason: 'Kitchen upgrade',
        expectedEnd: new Date(t.clock.now().getTime() + 60_000).toISOString(),
      },
    });
    expect(paused.statusCode).toBe(200);
    await t.ctx.db.delete(users).where(eq(users.id, leaver.user.id));
    t.clock.advance(60_000);
    await t.worker.runDue();

    const [resumed, pause] = await auditOf(partnerAdmin, `/api/v1/partners/${partner.id}/audit`);
    expect(resumed).toMatchObject({ action: 'integration.resumed', actorLabel: 'system', actorName: null });
    expect(pause).toMatchObject({
      action: 'integration.paused',
      actorLabel: leaver.user.email,
      actorName: null,
      after: { stateReason: 'Kitchen upgrade' },
    });
  });
});
