import { and, eq, isNull, or } from 'drizzle-orm';
import type { CaseCategory, CasePriority } from '../../shared/cases.js';
import type { Queryable } from '../db/client.js';
import { businessCalendars, slaPolicies } from '../db/schema/index.js';
import type { Calendar } from './calendar.js';

export type SlaPolicyRow = typeof slaPolicies.$inferSelect;

/** What a policy is matched on. */
export interface PolicySubject {
  partnerId: string;
  category: CaseCategory;
  priority: CasePriority;
}

/**
 * How specific a policy is: a partner outweighs a category and a priority together, a category outweighs a
 * priority. A policy with no criteria is the default and matches everything.
 */
export function specificity(policy: Pick<SlaPolicyRow, 'partnerId' | 'category' | 'priority'>): number {
  return (policy.partnerId ? 4 : 0) + (policy.category ? 2 : 0) + (policy.priority ? 1 : 0);
}

/** The policies whose every criterion the subject meets, most specific first (oldest first among equals). */
export function rankPolicies<
  P extends Pick<SlaPolicyRow, 'partnerId' | 'category' | 'priority' | 'createdAt'>,
>(policies: readonly P[], subject: PolicySubject): P[] {
  return policies
    .filter(
      (policy) =>
        (!policy.partnerId || policy.partnerId === subject.partnerId) &&
        (!policy.category || policy.category === subject.category) &&
        (!policy.priority || policy.priority === subject.priority),
    )
    .sort((a, b) => specificity(b) - specificity(a) || a.createdAt.getTime() - b.createdAt.getTime());
}

/** The policy a case is under and the calendar its clocks count in (null: 24/7); null when no policy matches. */
export async function policyFor(
  q: Queryable,
  subject: PolicySubject,
): Promise<{ policy: SlaPolicyRow; calendar: Calendar } | null> {
  const candidates = await q
    .select()
    .from(slaPolicies)
    .where(
      and(
        or(isNull(slaPolicies.partnerId), eq(slaPolicies.partnerId, subject.partnerId)),
        or(isNull(slaPolicies.category), eq(slaPolicies.category, subject.category)),
        or(isNull(slaPolicies.priority), eq(slaPolicies.priority, subject.priority)),
      ),
    );
  const [policy] = rankPolicies(candidates, subject);
  if (!policy) return null;
  if (!policy.calendarId) return { policy, calendar: null };
  const [calendar] = await q
    .select()
    .from(businessCalendars)
    .where(eq(businessCalendars.id, policy.calendarId));
  return { policy, calendar: calendar ?? null };
}
