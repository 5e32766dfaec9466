import { and, asc, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import { resyncOpenCases } from '../cases/sla-sync.js';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { businessCalendars, partners, slaPolicies } from '../db/schema/index.js';
import { conflict, invalid, notFound } from '../lib/errors.js';
import { type SlaPolicyRow, specificity } from './policy-match.js';
import type { PolicyInput } from './schemas.js';

type PolicyFields = Omit<SlaPolicyRow, 'id' | 'createdAt' | 'updatedAt'>;

const snapshot = (policy: SlaPolicyRow): PolicyFields => ({
  name: policy.name,
  partnerId: policy.partnerId,
  category: policy.category,
  priority: policy.priority,
  calendarId: policy.calendarId,
  firstResponseMinutes: policy.firstResponseMinutes,
  resolutionMinutes: policy.resolutionMinutes,
  warnBeforeMinutes: policy.warnBeforeMinutes,
});

const isDefault = (policy: Pick<SlaPolicyRow, 'partnerId' | 'category' | 'priority'>) =>
  !policy.partnerId && !policy.category && !policy.priority;

function checked(input: PolicyInput): PolicyFields {
  const policy = {
    name: input.name,
    partnerId: input.partnerId ?? null,
    category: input.category ?? null,
    priority: input.priority ?? null,
    calendarId: input.calendarId,
    firstResponseMinutes: input.firstResponseMinutes,
    resolutionMinutes: input.resolutionMinutes,
    warnBeforeMinutes: input.warnBeforeMinutes ?? null,
  };
  // The case clock drops a warning that would fire as the clock starts; say so rather than store a dead one.
  const shortest = Math.min(policy.firstResponseMinutes, policy.resolutionMinutes);
  if (policy.warnBeforeMinutes !== null && policy.warnBeforeMinutes >= shortest)
    throw invalid('warnBeforeMinutes', `must be less than the shorter target (${shortest} minutes)`);
  return policy;
}

/**
 * The partner and calendar the policy names must exist; the key-share locks keep them from being deleted until
 * this transaction ends (a calendar being deleted meanwhile is waited for, then not found).
 */
async function assertReferences(tx: Queryable, policy: PolicyFields): Promise<void> {
  if (policy.partnerId) {
    const [partner] = await tx
      .select({ id: partners.id })
      .from(partners)
      .where(eq(partners.id, policy.partnerId))
      .for('key share');
    if (!partner) throw invalid('partnerId', 'is not a partner');
  }
  if (policy.calendarId) {
    const [calendar] = await tx
      .select({ id: businessCalendars.id })
      .from(businessCalendars)
      .where(eq(businessCalendars.id, policy.calendarId))
      .for('key share');
    if (!calendar) throw invalid('calendarId', 'is not a business calendar');
  }
}

/**
 * Locks the default policies (no partner, category or priority) in one order, before any other policy row, so
 * that edits take turns and two removals cannot each leave the other as the last default and then remove it.
 */
async function lockDefaults(tx: Queryable): Promise<string[]> {
  const rows = await tx
    .select({ id: slaPolicies.id })
    .from(slaPolicies)
    .where(and(isNull(slaPolicies.partnerId), isNull(slaPolicies.category), isNull(slaPolicies.priority)))
    .orderBy(asc(slaPolicies.id))
    .for('update');
  return rows.map((row) => row.id);
}

async function lockPolicy(tx: Queryable, policyId: string) {
  const defaults = await lockDefaults(tx);
  const [policy] = await tx.select().from(slaPolicies).where(eq(slaPolicies.id, policyId)).for('update');
  if (!policy) throw notFound('SLA policy');
  const lastDefault = defaults.length === 1 && defaults[0] === policyId;
  return { policy, lastDefault };
}

const LAST_DEFAULT =
  'this is the last default SLA policy (no partner, category or priority), and every case must match a ' +
  'policy; add another default first';

/** Filed under the policy's partner, if it has one, so the change shows in that partner's history. */
const auditPolicy = (
  ctx: AppContext,
  tx: Queryable,
  actor: Actor,
  policy: SlaPolicyRow,
  action: 'created' | 'changed' | 'removed',
  change: { before?: PolicyFields; after?: PolicyFields },
) =>
  recordAudit(tx, ctx.clock, {
    actor,
    partnerId: policy.partnerId,
    action: `sla_policy.${action}`,
    subjectType: 'sla_policy',
    subjectId: policy.id,
    ...change,
  });

/** Most specific first, as cases are matched (policy-match.ts). */
export async function listPolicies(ctx: AppContext): Promise<SlaPolicyRow[]> {
  const rows = await ctx.db
    .select()
    .from(slaPolicies)
    .orderBy(asc(slaPolicies.createdAt), asc(slaPolicies.id));
  return rows.sort((a, b) => specificity(b) - specificity(a));
}

export async function getPolicy(ctx: AppContext, policyId: string): Promise<SlaPolicyRow> {
  const [policy] = await ctx.db.select().from(slaPolicies).where(eq(slaPolicies.id, policyId));
  if (!policy) throw notFound('SLA policy');
  return policy;
}

export async function createPolicy(ctx: AppContext, actor: Actor, input: PolicyInput) {
  const fields = checked(input);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await assertReferences(tx, fields);
    const [policy] = await tx
      .insert(slaPolicies)
      .values({ ...fields, createdAt: now, updatedAt: now })
      .returning();
    if (!policy) throw new Error('SLA policy insert returned nothing');
    await auditPolicy(ctx, tx, actor, policy, 'created', { after: snapshot(policy) });
    await resyncOpenCases(ctx, tx, { all: true });
    return policy;
  });
}

/** Replaces the policy; every unfinished case is matched again, as it may now fall under another policy. */
export async function updatePolicy(ctx: AppContext, actor: Actor, policyId: string, input: PolicyInput) {
  const fields = checked(input);
  return ctx.db.transaction(async (tx) => {
    const { policy: before, lastDefault } = await lockPolicy(tx, policyId);
    await assertReferences(tx, fields);
    if (lastDefault && !isDefault(fields)) throw conflict(LAST_DEFAULT);
    const [after] = await tx
      .update(slaPolicies)
      .set({ ...fields, updatedAt: ctx.clock.now() })
      .where(eq(slaPolicies.id, policyId))
      .returning();
    if (!after) throw notFound('SLA policy');
    await auditPolicy(ctx, tx, actor, after, 'changed', { before: snapshot(before), after: snapshot(after) });
    await resyncOpenCases(ctx, tx, { all: true });
    return after;
  });
}

export async function deletePolicy(ctx: AppContext, actor: Actor, policyId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { policy, lastDefault } = await lockPolicy(tx, policyId);
    if (lastDefault) throw conflict(LAST_DEFAULT);
    await tx.delete(slaPolicies).where(eq(slaPolicies.id, policyId));
    await auditPolicy(ctx, tx, actor, policy, 'removed', { before: snapshot(policy) });
    await resyncOpenCases(ctx, tx, { all: true });
  });
}
