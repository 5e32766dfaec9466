import { inArray } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { businessCalendars, cases, partners, slaPolicies, users } from '../db/schema/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids an audit row mentions: its partner, its subject and every id-valued field of its before and after. */
export function referencedIds(row: {
  partnerId: string | null;
  subjectId: string;
  before: unknown;
  after: unknown;
}): string[] {
  const values = [row.before, row.after].flatMap((side) =>
    side && typeof side === 'object' && !Array.isArray(side) ? Object.values(side) : [],
  );
  return [row.partnerId, row.subjectId, ...values].filter(
    (value): value is string => typeof value === 'string' && UUID.test(value),
  );
}

/**
 * What the ids name today, so the log reads "Dana Admin" rather than a UUID: people, partners, business
 * calendars, SLA policies and cases (`#12 Orders missing`). An id of something since deleted is left out.
 */
export async function namesOf(q: Queryable, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  const names = new Map<string, string>();
  if (wanted.length === 0) return names;
  const lookups = [
    q.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted)),
    q.select({ id: partners.id, name: partners.name }).from(partners).where(inArray(partners.id, wanted)),
    q
      .select({ id: businessCalendars.id, name: businessCalendars.name })
      .from(businessCalendars)
      .where(inArray(businessCalendars.id, wanted)),
    q
      .select({ id: slaPolicies.id, name: slaPolicies.name })
      .from(slaPolicies)
      .where(inArray(slaPolicies.id, wanted)),
  ];
  for (const rows of await Promise.all(lookups)) for (const row of rows) names.set(row.id, row.name);
  const caseRows = await q
    .select({ id: cases.id, number: cases.number, subject: cases.subject })
    .from(cases)
    .where(inArray(cases.id, wanted));
  for (const row of caseRows) names.set(row.id, `#${row.number} ${row.subject}`);
  return names;
}
