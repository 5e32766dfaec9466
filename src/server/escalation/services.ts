import { asc, eq } from 'drizzle-orm';
import type { IntegrationType } from '../../shared/oncall.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import { isUuid } from '../auth/tenancy.js';
import { type AppContext, appUrl } from '../context.js';
import type { Queryable } from '../db/client.js';
import { escalationPolicies, serviceIntegrations, services } from '../db/schema/index.js';
import { invalid, notFound } from '../lib/errors.js';
import { randomSecret } from '../lib/secrets.js';

export interface ServiceInput {
  name: string;
  escalationPolicyId: string;
}

export async function loadService(q: Queryable, id: string) {
  if (!isUuid(id)) throw notFound('service');
  const [row] = await q.select().from(services).where(eq(services.id, id));
  if (!row) throw notFound('service');
  return row;
}

async function checkPolicy(q: Queryable, id: string): Promise<void> {
  const [row] = isUuid(id)
    ? await q
        .select({ id: escalationPolicies.id })
        .from(escalationPolicies)
        .where(eq(escalationPolicies.id, id))
    : [];
  if (!row) throw invalid('escalationPolicyId', 'is not a known escalation policy', 'invalid_id');
}

/** Where an integration posts: the Events API takes the key in the body, Alertmanager in the URL. */
function integrationView(ctx: AppContext, row: typeof serviceIntegrations.$inferSelect) {
  return {
    id: row.id,
    type: row.type,
    key: row.key,
    url:
      row.type === 'events_v2'
        ? appUrl(ctx, '/v2/enqueue')
        : appUrl(ctx, `/api/v1/integrations/alertmanager/${row.key}`),
    createdAt: row.createdAt,
  };
}

async function present(ctx: AppContext, row: typeof services.$inferSelect) {
  const integrations = await ctx.db
    .select()
    .from(serviceIntegrations)
    .where(eq(serviceIntegrations.serviceId, row.id))
    .orderBy(asc(serviceIntegrations.createdAt));
  return {
    id: row.id,
    name: row.name,
    escalationPolicyId: row.escalationPolicyId,
    integrations: integrations.map((i) => integrationView(ctx, i)),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function listServices(ctx: AppContext) {
  const rows = await ctx.db.select().from(services).orderBy(asc(services.name));
  return Promise.all(rows.map((row) => present(ctx, row)));
}

export async function getService(ctx: AppContext, id: string) {
  return present(ctx, await loadService(ctx.db, id));
}

export async function createService(ctx: AppContext, actor: Actor, input: ServiceInput) {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    await checkPolicy(tx, input.escalationPolicyId);
    const [created] = await tx
      .insert(services)
      .values({ ...input, createdAt: now, updatedAt: now })
      .returning();
    if (!created) throw new Error('service insert returned nothing');
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: null,
      action: 'service.created',
      subjectType: 'service',
      subjectId: created.id,
      after: { ...input },
    });
    return created;
  });
  return present(ctx, row);
}

export async function updateService(ctx: AppContext, actor: Actor, id: string, input: ServiceInput) {
  const row = await ctx.db.transaction(async (tx) => {
    const before = await loadService(tx, id);
    await checkPolicy(tx, input.escalationPolicyId);
    const [updated] = await tx
      .update(services)
      .set({ ...input, updatedAt: ctx.clock.now() })
      .where(eq(services.id, id))
      .returning();
    if (!updated) throw notFound('service');
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: null,
      action: 'service.changed',
      subjectType: 'service',
      subjectId: id,
      before: { name: before.name, escalationPolicyId: before.escalationPolicyId },
      after: { ...input },
    });
    return updated;
  });
  return present(ctx, row);
}

export async function deleteService(ctx: AppContext, actor: Actor, id: string) {
  await ctx.db.transaction(async (tx) => {
    const row = await loadService(tx, id);
    await tx.delete(services).where(eq(services.id, id));
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: null,
      action: 'service.removed',
      subjectType: 'service',
      subjectId: id,
      before: { name: row.name },
    });
  });
}

/** A new way in; the key is a 32-character secret like a PagerDuty routing key. */
export async function addIntegration(
  ctx: AppContext,
  actor: Actor,
  serviceId: string,
  type: IntegrationType,
) {
  const row = await ctx.db.transaction(async (tx) => {
    await loadService(tx, serviceId);
    const [created] = await tx
      .insert(serviceIntegrations)
      .values({ serviceId, type, key: randomSecret(24), createdAt: ctx.clock.now() })
      .returning();
    if (!created) throw new Error('integration insert returned nothing');
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: null,
      action: 'service.integration_added',
      subjectType: 'service',
      subjectId: serviceId,
      after: { integrationId: created.id, type },
    });
    return created;
  });
  return integrationView(ctx, row);
}

export async function removeIntegration(
  ctx: AppContext,
  actor: Actor,
  serviceId: string,
  integrationId: string,
) {
  if (!isUuid(serviceId) || !isUuid(integrationId)) throw notFound('integration');
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(serviceIntegrations)
      .where(eq(serviceIntegrations.id, integrationId))
      .returning();
    if (!row || row.serviceId !== serviceId) throw notFound('integration');
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: null,
      action: 'service.integration_removed',
      subjectType: 'service',
      subjectId: serviceId,
      before: { integrationId, type: row.type },
    });
  });
}

/** The service behind an integration key, or null: callers answer an unknown key in their own protocol. */
export async function serviceForKey(q: Queryable, key: string, type: IntegrationType) {
  const [row] = await q
    .select({ serviceId: serviceIntegrations.serviceId, type: serviceIntegrations.type })
    .from(serviceIntegrations)
    .where(eq(serviceIntegrations.key, key));
  return row?.type === type ? row.serviceId : null;
}
