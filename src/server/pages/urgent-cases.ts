import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { cases, partners } from '../db/schema/index.js';
import { readOncallSettings } from '../escalation/settings.js';
import type { DomainEventRow } from '../lib/domain-events.js';
import { triggerPage } from './open-page.js';

/**
 * `case.urgent_confirmed` → one page on the service chosen in the on-call settings. The case's own id is the
 * page's dedup key, and `pages.case_id` is unique, so a case never pages twice even if the fact is delivered
 * again after a crash.
 */
export function pageUrgentCase(ctx: AppContext) {
  return async (tx: Queryable, event: DomainEventRow): Promise<void> => {
    const caseId = event.subjectId;
    const [row] = await tx
      .select({ number: cases.number, subject: cases.subject, partnerName: partners.name })
      .from(cases)
      .innerJoin(partners, eq(partners.id, cases.partnerId))
      .where(eq(cases.id, caseId));
    // A fact about a case that is not there (removed by hand) pages nobody, rather than failing its delivery on
    // every retry.
    if (!row) return;
    const settings = await readOncallSettings(tx);
    await triggerPage(ctx, tx, {
      serviceId: settings.urgentCaseServiceId,
      title: `Urgent case #${row.number} (${row.partnerName}): ${row.subject}`,
      source: 'switchboard/cases',
      severity: 'critical',
      details: { caseId, caseNumber: row.number, partner: row.partnerName },
      dedupKey: `case:${caseId}`,
      caseId,
      via: 'urgent_case',
    });
  };
}
