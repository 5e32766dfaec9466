import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { auditRowsAbout, errorOf } from '../../../tests/support/answers.js';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildUser, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import type { Actor } from '../auth/actor.js';
import { toSessionUser } from '../auth/sessions.js';
import { serviceIntegrations } from '../db/schema/index.js';
import { createService, serviceForKey } from './services.js';

const PUBLIC_URL = 'https://switchboard.example.test';

/** Services and their integrations: what is shown (each integration's address), the refusals, each audit row. */
describeEachDatabase('service rules', (kind) => {
  const t = useTestApp(kind, { config: { publicUrl: PUBLIC_URL } });
  let admin: Agent;
  let policyId: string;
  let otherPolicyId: string;

  const policy = async (name: string) =>
    (
      await admin.request({
        method: 'POST',
        url: '/api/v1/escalation-policies',
        payload: {
          name,
          levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: admin.user.id }] }],
          repeat: 0,
        },
      })
    ).json().id as string;

  beforeAll(async () => {
    t.clock.set('2027-06-01T10:00:00Z');
    admin = await signedInUser(t, { role: 'admin' });
    policyId = await policy('First');
    otherPolicyId = await policy('Second');
  });

  const services = '/api/v1/services';
  const post = (payload: object) => admin.request({ method: 'POST', url: services, payload });
  const get = (id: string) => admin.request({ method: 'GET', url: `${services}/${id}` });
  const addIntegration = (serviceId: string, type: string) =>
    admin.request({ method: 'POST', url: `${services}/${serviceId}/integrations`, payload: { type } });
  const removeIntegration = (serviceId: string, integrationId: string) =>
    admin.request({ method: 'DELETE', url: `${services}/${serviceId}/integrations/${integrationId}` });
  const byAdmin = () => ({
    partnerId: null,
    actorLabel: admin.user.email,
    actorUserId: admin.user.id,
    actorTokenId: null,
    subjectType: 'service',
  });
  const unknownPolicy = {
    status: 400,
    code: 'validation',
    message: 'escalationPolicyId: is not a known escalation policy',
    field: 'escalationPolicyId',
    reason: 'invalid_id',
  };
  const serviceNotFound = { status: 404, code: 'not_found', message: 'service not found' };
  const integrationNotFound = { status: 404, code: 'not_found', message: 'integration not found' };

  it('creates a service with no integrations, and audits what it was given', async () => {
    const created = await post({ name: 'Ordering API', escalationPolicyId: policyId });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const stored = {
      id,
      name: 'Ordering API',
      escalationPolicyId: policyId,
      integrations: [],
      createdAt: '2027-06-01T10:00:00.000Z',
      updatedAt: '2027-06-01T10:00:00.000Z',
    };
    expect(created.json()).toEqual(stored);
    expect((await get(id)).json()).toEqual(stored);
    expect(await auditRowsAbout(t, id, 'service.created')).toEqual([
      {
        ...byAdmin(),
        subjectId: id,
        before: null,
        after: { name: 'Ordering API', escalationPolicyId: policyId },
      },
    ]);
  });

  it('lists services by name', async () => {
    for (const name of ['Zulu svc', 'Alpha svc', 'Mike svc'])
      await post({ name, escalationPolicyId: policyId });
    const listed = (await admin.request({ method: 'GET', url: services })).json() as { name: string }[];
    expect(listed.map((s) => s.name).filter((name) => name.endsWith(' svc'))).toEqual([
      'Alpha svc',
      'Mike svc',
      'Zulu svc',
    ]);
  });

  it('refuses an unknown escalation policy, also one whose id is no UUID, in words', async () => {
    expect(await errorOf(post({ name: 'Orphan', escalationPolicyId: randomUUID() }))).toEqual(unknownPolicy);
    const actor: Actor = {
      kind: 'user',
      user: toSessionUser(await buildUser(t, { role: 'admin' })),
      sessionIdHash: 'x',
      csrfToken: 'x',
    };
    await expect(
      createService(t.ctx, actor, { name: 'Orphan', escalationPolicyId: 'not-a-uuid' }),
    ).rejects.toMatchObject({
      code: 'validation',
      message: unknownPolicy.message,
      details: { field: 'escalationPolicyId', reason: 'invalid_id' },
    });
    const listed = (await admin.request({ method: 'GET', url: services })).json() as { name: string }[];
    expect(listed.filter((s) => s.name === 'Orphan')).toEqual([]);
  });

  it('changes name and policy, keeping when it was made, and audits before and after', async () => {
    t.clock.set('2027-06-01T11:00:00Z');
    const id = (await post({ name: 'Old name', escalationPolicyId: policyId })).json().id as string;
    t.clock.set('2027-06-01T11:45:00Z');
    const put = (payload: object) => admin.request({ method: 'PUT', url: `${services}/${id}`, payload });
    const changed = await put({ name: 'New name', escalationPolicyId: otherPolicyId });
    expect(changed.json()).toEqual({
      id,
      name: 'New name',
      escalationPolicyId: otherPolicyId,
      integrations: [],
      createdAt: '2027-06-01T11:00:00.000Z',
      updatedAt: '2027-06-01T11:45:00.000Z',
    });
    expect(await auditRowsAbout(t, id, 'service.changed')).toEqual([
      {
        ...byAdmin(),
        subjectId: id,
        before: { name: 'Old name', escalationPolicyId: policyId },
        after: { name: 'New name', escalationPolicyId: otherPolicyId },
      },
    ]);
    expect(await errorOf(put({ name: 'Orphan', escalationPolicyId: randomUUID() }))).toEqual(unknownPolicy);
    expect((await get(id)).json()).toMatchObject({ name: 'New name', escalationPolicyId: otherPolicyId });
  });

  it('gives each integration a 32-character key and the address its sender posts to, oldest first, audited', async () => {
    const serviceId = (await post({ name: 'With integrations', escalationPolicyId: policyId })).json()
      .id as string;
    t.clock.set('2027-06-01T12:00:00Z');
    const events = await addIntegration(serviceId, 'events_v2');
    t.clock.set('2027-06-01T12:01:00Z');
    const alertmanager = await addIntegration(serviceId, 'alertmanager');
    expect(events.statusCode).toBe(201);
    const eventsKey = events.json().key as string;
    const alertmanagerKey = alertmanager.json().key as string;
    expect(eventsKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(alertmanagerKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(alertmanagerKey).not.toBe(eventsKey);
    const eventsView = {
      id: events.json().id,
      type: 'events_v2',
      key: eventsKey,
      url: `${PUBLIC_URL}/v2/enqueue`,
      createdAt: '2027-06-01T12:00:00.000Z',
    };
    const alertmanagerView = {
      id: alertmanager.json().id,
      type: 'alertmanager',
      key: alertmanagerKey,
      url: `${PUBLIC_URL}/api/v1/integrations/alertmanager/${alertmanagerKey}`,
      createdAt: '2027-06-01T12:01:00.000Z',
    };
    expect(events.json()).toEqual(eventsView);
    expect(alertmanager.json()).toEqual(alertmanagerView);
    expect((await get(serviceId)).json().integrations).toEqual([eventsView, alertmanagerView]);
    expect(await auditRowsAbout(t, serviceId, 'service.integration_added')).toEqual([
      {
        ...byAdmin(),
        subjectId: serviceId,
        before: null,
        after: { integrationId: alertmanagerView.id, type: 'alertmanager' },
      },
      {
        ...byAdmin(),
        subjectId: serviceId,
        before: null,
        after: { integrationId: eventsView.id, type: 'events_v2' },
      },
    ]);

    // A key finds its service only through its own type.
    expect(await serviceForKey(t.ctx.db, eventsKey, 'events_v2')).toBe(serviceId);
    expect(await serviceForKey(t.ctx.db, eventsKey, 'alertmanager')).toBeNull();
    expect(await serviceForKey(t.ctx.db, alertmanagerKey, 'alertmanager')).toBe(serviceId);
    expect(await serviceForKey(t.ctx.db, 'x'.repeat(32), 'events_v2')).toBeNull();
  });

  it("removes an integration only through its own service, audited; another service's id leaves it in place", async () => {
    const serviceId = (await post({ name: 'Removing', escalationPolicyId: policyId })).json().id as string;
    const otherId = (await post({ name: 'Bystander', escalationPolicyId: policyId })).json().id as string;
    const integration = (await addIntegration(serviceId, 'alertmanager')).json();

    expect(await errorOf(removeIntegration(otherId, integration.id))).toEqual(integrationNotFound);
    expect(
      await t.ctx.db.select().from(serviceIntegrations).where(eq(serviceIntegrations.id, integration.id)),
    ).toHaveLength(1);
    expect(await errorOf(removeIntegration('not-a-uuid', integration.id))).toEqual(integrationNotFound);
    expect(await errorOf(removeIntegration(serviceId, 'not-a-uuid'))).toEqual(integrationNotFound);
    expect(await errorOf(removeIntegration(serviceId, randomUUID()))).toEqual(integrationNotFound);
    expect(await auditRowsAbout(t, serviceId, 'service.integration_removed')).toEqual([]);

    expect((await removeIntegration(serviceId, integration.id)).statusCode).toBe(204);
    expect((await get(serviceId)).json().integrations).toEqual([]);
    expect(await serviceForKey(t.ctx.db, integration.key, 'alertmanager')).toBeNull();
    expect(await auditRowsAbout(t, serviceId, 'service.integration_removed')).toEqual([
      {
        ...byAdmin(),
        subjectId: serviceId,
        before: { integrationId: integration.id, type: 'alertmanager' },
        after: null,
      },
    ]);
  });

  it('removes a service, audited, and answers 404 for an unknown one or an id that is no UUID on every route', async () => {
    const id = (await post({ name: 'Short-lived', escalationPolicyId: policyId })).json().id as string;
    expect((await admin.request({ method: 'DELETE', url: `${services}/${id}` })).statusCode).toBe(204);
    expect(await auditRowsAbout(t, id, 'service.removed')).toEqual([
      { ...byAdmin(), subjectId: id, before: { name: 'Short-lived' }, after: null },
    ]);
    for (const unknown of [id, 'not-a-uuid']) {
      expect(await errorOf(get(unknown))).toEqual(serviceNotFound);
      expect(
        await errorOf(
          admin.request({
            method: 'PUT',
            url: `${services}/${unknown}`,
            payload: { name: 'Ghost', escalationPolicyId: policyId },
          }),
        ),
      ).toEqual(serviceNotFound);
      expect(await errorOf(admin.request({ method: 'DELETE', url: `${services}/${unknown}` }))).toEqual(
        serviceNotFound,
      );
      expect(await errorOf(addIntegration(unknown, 'events_v2'))).toEqual(serviceNotFound);
    }
  });
});
