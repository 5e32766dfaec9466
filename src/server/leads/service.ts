import { desc, eq } from 'drizzle-orm';
import type { PartnerStatus } from '../../shared/partners.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { leads } from '../db/schema/index.js';
import { HOUR } from '../lib/clock.js';
import { conflict, notFound } from '../lib/errors.js';
import { requireSlot } from '../lib/throttle.js';
import { createInvite } from '../members/invites.js';
import { mailDelivery } from '../notifications/service.js';
import { insertPartner } from '../partners/service.js';

export const LEADS_PER_IP_PER_HOUR = 5;

export interface InterestForm {
  company: string;
  contactName: string;
  email: string;
  countries: string[];
  merchantCount: number;
  integrates: string;
  /** Hidden in the form; people leave it empty, form-filling bots do not. */
  website?: string;
}

/** Records a lead; a filled honeypot is accepted silently and dropped so bots learn nothing. */
export async function registerInterest(
  ctx: AppContext,
  form: InterestForm,
  ip: string,
): Promise<{ accepted: true }> {
  if (form.website) {
    ctx.logger.info({ ip }, 'interest form honeypot filled; dropped');
    return { accepted: true };
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await requireSlot(
      tx,
      ctx.clock,
      { key: `lead:ip:${ip}`, limit: LEADS_PER_IP_PER_HOUR, windowMs: HOUR },
      'too many submissions from this address; try again later',
    );
    await tx.insert(leads).values({
      company: form.company.trim(),
      contactName: form.contactName.trim(),
      email: form.email.trim().toLowerCase(),
      countries: [...new Set(form.countries.map((c) => c.toUpperCase()))],
      merchantCount: form.merchantCount,
      integrates: form.integrates.trim(),
      ip,
      createdAt: now,
    });
  });
  return { accepted: true };
}

export function listLeads(ctx: AppContext) {
  return ctx.db.select().from(leads).orderBy(desc(leads.createdAt)).limit(500);
}

/**
 * Turns a lead into a partner organisation and invites its contact as the first partner admin (refused, 409
 * naming `name`, when a partner already has the company's name).
 */
export async function convertLead(
  ctx: AppContext,
  actor: Actor,
  leadId: string,
  status: Extract<PartnerStatus, 'interested' | 'integrating'>,
) {
  return ctx.db.transaction(async (tx) => {
    const [lead] = await tx.select().from(leads).where(eq(leads.id, leadId)).for('update');
    if (!lead) throw notFound('lead');
    if (lead.status === 'converted') throw conflict('this lead was already converted');
    const partner = await insertPartner(ctx, tx, actor, { name: lead.company, status, fromLeadId: leadId });
    await tx
      .update(leads)
      .set({
        status: 'converted',
        partnerId: partner.id,
        convertedAt: ctx.clock.now(),
        convertedByUserId: actor.kind === 'user' ? actor.user.id : null,
      })
      .where(eq(leads.id, leadId));
    const locale = actor.kind === 'user' ? actor.user.locale : 'en';
    const invite = await createInvite(ctx, tx, actor, {
      partnerId: partner.id,
      email: lead.email,
      role: 'partner_admin',
      locale,
    });
    return { partner, invite, delivery: mailDelivery(ctx) };
  });
}
