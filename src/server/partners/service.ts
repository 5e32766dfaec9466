import { and, asc, eq, sql } from 'drizzle-orm';
import type { PartnerStatus } from '../../shared/partners.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Transaction } from '../db/client.js';
import { contacts, partners, users } from '../db/schema/index.js';
import { conflict, notFound } from '../lib/errors.js';

// The two-integer advisory lock space, first integer naming partner names (throttles use another).
const PARTNER_NAME_LOCK_CLASS = 724_451_004;

/**
 * Refuses a name another partner has, in any letter case (409 naming `name`). Concurrent creations of one
 * name take turns on an advisory lock held until their transaction ends, and each checks after the previous
 * one committed (READ COMMITTED), so only the first gets in; PGlite runs one transaction at a time anyway.
 */
async function claimPartnerName(tx: Transaction, name: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${PARTNER_NAME_LOCK_CLASS}, hashtext(lower(${name})))`);
  const [taken] = await tx
    .select({ name: partners.name })
    .from(partners)
    .where(sql`lower(${partners.name}) = lower(${name})`)
    .limit(1);
  if (taken) throw conflict(`a partner named "${taken.name}" already exists`, 'name');
}

/** Inserts a partner and its audit row in the caller's transaction; its name must be new. */
export async function insertPartner(
  ctx: AppContext,
  tx: Transaction,
  actor: Actor,
  input: { name: string; status?: PartnerStatus; fromLeadId?: string },
) {
  const now = ctx.clock.now();
  const name = input.name.trim();
  await claimPartnerName(tx, name);
  const [partner] = await tx
    .insert(partners)
    .values({ name, status: input.status ?? 'interested', createdAt: now, updatedAt: now })
    .returning();
  if (!partner) throw new Error('partner insert returned nothing');
  await recordAudit(tx, ctx.clock, {
    actor,
    partnerId: partner.id,
    action: 'partner.created',
    subjectType: 'partner',
    subjectId: partner.id,
    after: {
      name: partner.name,
      status: partner.status,
      ...(input.fromLeadId ? { fromLead: input.fromLeadId } : {}),
    },
  });
  return partner;
}

export function createPartner(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; status?: PartnerStatus },
) {
  return ctx.db.transaction((tx) => insertPartner(ctx, tx, actor, input));
}

/** The programme list: only what the list shows (every extra timestamp column costs a Date per row). */
export function listPartners(ctx: AppContext) {
  return ctx.db
    .select({
      id: partners.id,
      name: partners.name,
      status: partners.status,
      integrationState: partners.integrationState,
      consultantUserId: partners.consultantUserId,
      createdAt: partners.createdAt,
    })
    .from(partners)
    .orderBy(asc(partners.name));
}

export async function getPartner(ctx: AppContext, partnerId: string) {
  const [partner] = await ctx.db.select().from(partners).where(eq(partners.id, partnerId));
  if (!partner) throw notFound('partner');
  return partner;
}

/** What the ordering platform polls to decide where it may route orders. */
export function listIntegrationStates(ctx: AppContext) {
  return ctx.db
    .select({
      partnerId: partners.id,
      name: partners.name,
      status: partners.status,
      integrationState: partners.integrationState,
      stateReason: partners.stateReason,
      pausedUntil: partners.pausedUntil,
      stateChangedAt: partners.stateChangedAt,
    })
    .from(partners)
    .orderBy(asc(partners.name));
}

/** A partner as its own users and staff see it: with its consultant and whether escalation has a target. */
export async function getPartnerAccount(ctx: AppContext, partnerId: string) {
  const partner = await getPartner(ctx, partnerId);
  const userById = async (userId: string | null) => {
    if (!userId) return null;
    const [user] = await ctx.db
      .select({ name: users.name, email: users.email })
      .from(users)
      .where(eq(users.id, userId));
    return user ?? null;
  };
  const emergencyContacts = await ctx.db.$count(
    contacts,
    and(eq(contacts.partnerId, partnerId), eq(contacts.role, 'technical_emergency')),
  );
  return {
    ...partner,
    consultant: await userById(partner.consultantUserId),
    stateChangedBy: (await userById(partner.stateChangedByUserId))?.name ?? null,
    hasTechnicalEmergencyContact: emergencyContacts > 0,
  };
}
