import { asc, eq, inArray } from 'drizzle-orm';
import type { EscalationLevel, PolicySnapshot } from '../../shared/oncall.js';
import { isStaffRole } from '../../shared/roles.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import { isUuid } from '../auth/tenancy.js';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { escalationPolicies, schedules, services, users } from '../db/schema/index.js';
import { conflict, invalid, notFound } from '../lib/errors.js';

export interface PolicyInput {
  name: string;
  levels: EscalationLevel[];
  repeat: number;
}

/** Every target must exist (a staff user, a schedule): 400 naming the first that does not. */
async function checkTargets(q: Queryable, levels: readonly EscalationLevel[]): Promise<void> {
  const ids = (type: 'user' | 'schedule') => [
    ...new Set(
      levels.flatMap((l) => l.targets.filter((t) => t.type === type && isUuid(t.id)).map((t) => t.id)),
    ),
  ];
  const userIds = ids('user');
  const scheduleIds = ids('schedule');
  const people = userIds.length
    ? await q.select({ id: users.id, role: users.role }).from(users).where(inArray(users.id, userIds))
    : [];
  const known = new Set([
    ...people.filter((p) => isStaffRole(p.role)).map((p) => `user:${p.id}`),
    ...(scheduleIds.length
      ? await q.select({ id: schedules.id }).from(schedules).where(inArray(schedules.id, scheduleIds))
      : []
    ).map((s) => `schedule:${s.id}`),
  ]);
  for (const [i, level] of levels.entries()) {
    for (const [j, target] of level.targets.entries()) {
      if (!known.has(`${target.type}:${target.id}`))
        throw invalid(`levels.${i}.targets.${j}.id`, `is not a known ${target.type}`, 'invalid_id');
    }
  }
}

async function loadPolicy(q: Queryable, id: string) {
  if (!isUuid(id)) throw notFound('escalation policy');
  const [row] = await q.select().from(escalationPolicies).where(eq(escalationPolicies.id, id));
  if (!row) throw notFound('escalation policy');
  return row;
}

const present = (row: typeof escalationPolicies.$inferSelect) => ({
  id: row.id,
  name: row.name,
  levels: row.levels,
  repeat: row.repeat,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** The policy as a page copies it when it opens: later edits never change a running page. */
export async function snapshotPolicy(q: Queryable, id: string): Promise<PolicySnapshot> {
  const row = await loadPolicy(q, id);
  return { policyId: row.id, name: row.name, levels: row.levels, repeat: row.repeat };
}

export async function listPolicies(ctx: AppContext) {
  const rows = await ctx.db.select().from(escalationPolicies).orderBy(asc(escalationPolicies.name));
  return rows.map(present);
}

export async function getPolicy(ctx: AppContext, id: string) {
  return present(await loadPolicy(ctx.db, id));
}

export async function createPolicy(ctx: AppContext, actor: Actor, input: PolicyInput) {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await checkTargets(tx, input.levels);
    const [row] = await tx
      .insert(escalationPolicies)
      .values({ ...input, createdAt: now, updatedAt: now })
      .returning();
    if (!row) throw new Error('policy insert returned nothing');
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: null,
      action: 'escalation_policy.created',
      subjectType: 'escalation_policy',
      subjectId: row.id,
      after: { name: row.name, levels: row.levels.length, repeat: row.repeat },
    });
    return present(row);
  });
}

export async function updatePolicy(ctx: AppContext, actor: Actor, id: string, input: PolicyInput) {
  return ctx.db.transaction(async (tx) => {
    const before = await loadPolicy(tx, id);
    await checkTargets(tx, input.levels);
    const [row] = await tx
      .update(escalationPolicies)
      .set({ ...input, updatedAt: ctx.clock.now() })
      .where(eq(escalationPolicies.id, id))
      .returning();
    if (!row) throw notFound('escalation policy');
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: null,
      action: 'escalation_policy.changed',
      subjectType: 'escalation_policy',
      subjectId: id,
      before: { name: before.name, levels: before.levels.length, repeat: before.repeat },
      after: { name: row.name, levels: row.levels.length, repeat: row.repeat },
    });
    return present(row);
  });
}

export async function deletePolicy(ctx: AppContext, actor: Actor, id: string) {
  await ctx.db.transaction(async (tx) => {
    const row = await loadPolicy(tx, id);
    const [user] = await tx
      .select({ id: services.id })
      .from(services)
      .where(eq(services.escalationPolicyId, id))
      .limit(1);
    if (user) throw conflict('a service still escalates with this policy');
    await tx.delete(escalationPolicies).where(eq(escalationPolicies.id, id));
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: null,
      action: 'escalation_policy.removed',
      subjectType: 'escalation_policy',
      subjectId: id,
      before: { name: row.name },
    });
  });
}
