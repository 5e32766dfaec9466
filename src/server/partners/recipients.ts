import { and, eq, inArray } from 'drizzle-orm';
import type { ContactRole } from '../../shared/contacts.js';
import type { Locale } from '../../shared/locales.js';
import type { Queryable } from '../db/client.js';
import { contacts, users } from '../db/schema/index.js';

export interface Recipient {
  email: string;
  name: string;
  locale: Locale;
}

const TECHNICAL_ROLES: ContactRole[] = ['alert', 'technical_emergency', 'technical_non_emergency'];

/** Who hears about changes to a partner's integration: its admins and its technical contacts, once each. */
export async function integrationRecipients(q: Queryable, partnerId: string): Promise<Recipient[]> {
  const admins = await q
    .select({ email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .where(and(eq(users.partnerId, partnerId), eq(users.role, 'partner_admin')));
  const technical = await q
    .select({ email: contacts.email, name: contacts.name, locale: contacts.locale })
    .from(contacts)
    .where(and(eq(contacts.partnerId, partnerId), inArray(contacts.role, TECHNICAL_ROLES)));
  const byEmail = new Map<string, Recipient>();
  for (const recipient of [...admins, ...technical]) {
    const key = recipient.email.toLowerCase();
    if (!byEmail.has(key)) byEmail.set(key, recipient);
  }
  return [...byEmail.values()];
}
