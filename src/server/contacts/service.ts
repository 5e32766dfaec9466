import { and, asc, eq } from 'drizzle-orm';
import type { ContactRole } from '../../shared/contacts.js';
import type { Locale } from '../../shared/locales.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { contacts, partners } from '../db/schema/index.js';
import { HOUR } from '../lib/clock.js';
import { notFound } from '../lib/errors.js';
import { requireSlot } from '../lib/throttle.js';
import { notifyContact } from '../notifications/contact-channel.js';
import { translate } from '../notifications/templates.js';

export const TEST_NOTIFICATIONS_PER_HOUR = 5;

export interface ContactInput {
  role: ContactRole;
  name: string;
  email: string;
  phone?: string | null;
  webhookUrl?: string | null;
  locale?: Locale;
}

type Contact = typeof contacts.$inferSelect;
const snapshot = ({ role, name, email, phone, webhookUrl, locale }: Contact) => ({
  role,
  name,
  email,
  phone,
  webhookUrl,
  locale,
});

const normalise = (input: ContactInput) => ({
  role: input.role,
  name: input.name.trim(),
  email: input.email.trim().toLowerCase(),
  phone: input.phone?.trim() || null,
  webhookUrl: input.webhookUrl?.trim() || null,
  locale: input.locale ?? 'en',
});

export function listContacts(ctx: AppContext, partnerId: string) {
  return ctx.db
    .select()
    .from(contacts)
    .where(eq(contacts.partnerId, partnerId))
    .orderBy(asc(contacts.role), asc(contacts.name));
}

export async function addContact(ctx: AppContext, actor: Actor, partnerId: string, input: ContactInput) {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [contact] = await tx
      .insert(contacts)
      .values({ partnerId, ...normalise(input), createdAt: now, updatedAt: now })
      .returning();
    if (!contact) throw new Error('contact insert returned nothing');
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId,
      action: 'contact.added',
      subjectType: 'contact',
      subjectId: contact.id,
      after: snapshot(contact),
    });
    return contact;
  });
}

export async function updateContact(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  contactId: string,
  input: ContactInput,
) {
  return ctx.db.transaction(async (tx) => {
    const where = and(eq(contacts.id, contactId), eq(contacts.partnerId, partnerId));
    const [before] = await tx.select().from(contacts).where(where).for('update');
    if (!before) throw notFound('contact');
    const [after] = await tx
      .update(contacts)
      .set({ ...normalise(input), updatedAt: ctx.clock.now() })
      .where(where)
      .returning();
    if (!after) throw notFound('contact');
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId,
      action: 'contact.changed',
      subjectType: 'contact',
      subjectId: contactId,
      before: snapshot(before),
      after: snapshot(after),
    });
    return after;
  });
}

export async function removeContact(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  contactId: string,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(contacts)
      .where(and(eq(contacts.id, contactId), eq(contacts.partnerId, partnerId)))
      .returning();
    if (!removed) throw notFound('contact');
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId,
      action: 'contact.removed',
      subjectType: 'contact',
      subjectId: contactId,
      before: snapshot(removed),
    });
  });
}

/** Sends the contact the kind of message monitoring would, so the partner can check it arrives. */
export async function sendTestNotification(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  contactId: string,
) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ contact: contacts, partnerName: partners.name })
      .from(contacts)
      .innerJoin(partners, eq(partners.id, contacts.partnerId))
      .where(and(eq(contacts.id, contactId), eq(contacts.partnerId, partnerId)));
    if (!row) throw notFound('contact');
    // A check that the messages arrive, not a way to mail someone in a loop.
    await requireSlot(
      tx,
      ctx.clock,
      { key: `contact-test:${contactId}`, limit: TEST_NOTIFICATIONS_PER_HOUR, windowMs: HOUR },
      'too many test notifications to this contact; try again later',
    );
    const { contact } = row;
    const sent = await notifyContact(ctx, tx, contact, {
      template: 'test_notification',
      params: {
        name: contact.name,
        partner: row.partnerName,
        role: translate(contact.locale, `contactRoles.${contact.role}`),
      },
      event: 'contact.test',
      payload: {
        partner: row.partnerName,
        contact: { id: contact.id, name: contact.name, role: contact.role },
      },
    });
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId,
      action: 'contact.test_sent',
      subjectType: 'contact',
      subjectId: contactId,
      after: { notificationId: sent.email, ...(sent.webhook ? { webhookNotificationId: sent.webhook } : {}) },
    });
    return { notificationId: sent.email, webhookNotificationId: sent.webhook };
  });
}
