import { and, eq, isNull, ne } from 'drizzle-orm';
import { type PolicySnapshot, type Severity, urgencyOf } from '../../shared/oncall.js';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { pages, services } from '../db/schema/index.js';
import { snapshotPolicy } from '../escalation/policies.js';
import { startEscalation } from './escalation.js';
import { appendPageEvent, lockPage, newRunId, type PageRow } from './page-row.js';

export interface PageTrigger {
  /** null: no service (the urgent-case service was unset); the page then goes to every platform admin. */
  serviceId: string | null;
  title: string;
  source: string;
  severity: Severity;
  details?: Record<string, unknown>;
  /** A second trigger with the same key while the page is open joins it instead of opening another. */
  dedupKey?: string | null;
  caseId?: string | null;
  createdBy?: string | null;
  /** How it came in, for the timeline: `manual`, `urgent_case`, `events_v2`, `alertmanager`. */
  via: string;
  /** Instead of the service's policy: a page opened straight to one person. */
  policy?: PolicySnapshot;
}

const NOBODY: PolicySnapshot = { policyId: null, name: 'Platform admins', levels: [], repeat: 0 };

async function policyFor(q: Queryable, serviceId: string | null): Promise<PolicySnapshot> {
  if (!serviceId) return NOBODY;
  const [service] = await q
    .select({ policyId: services.escalationPolicyId })
    .from(services)
    .where(eq(services.id, serviceId));
  return service ? snapshotPolicy(q, service.policyId) : NOBODY;
}

async function openPageWithKey(q: Queryable, serviceId: string | null, dedupKey: string) {
  const condition = and(
    serviceId ? eq(pages.serviceId, serviceId) : isNull(pages.serviceId),
    eq(pages.dedupKey, dedupKey),
    ne(pages.status, 'resolved'),
  );
  const [row] = await q.select({ id: pages.id }).from(pages).where(condition);
  return row ? lockPage(q, row.id) : null;
}

/**
 * Opens a page and starts its escalation, in the caller's transaction; or, when an open page already has the
 * trigger's dedup key on that service, records the trigger on it (PagerDuty's de-duplication) and returns it,
 * updated.
 * Two triggers racing with one key meet at the partial unique index: the loser's insert does nothing and it
 * joins the winner's page.
 */
export async function triggerPage(ctx: AppContext, q: Queryable, trigger: PageTrigger): Promise<PageRow> {
  const dedupKey = trigger.dedupKey ?? null;
  if (dedupKey) {
    const existing = await openPageWithKey(q, trigger.serviceId, dedupKey);
    if (existing) return joinPage(ctx, q, existing, trigger);
  }
  const now = ctx.clock.now();
  const [row] = await q
    .insert(pages)
    .values({
      serviceId: trigger.serviceId,
      caseId: trigger.caseId ?? null,
      title: trigger.title,
      source: trigger.source,
      severity: trigger.severity,
      urgency: urgencyOf(trigger.severity),
      details: trigger.details ?? {},
      status: 'triggered',
      dedupKey,
      policy: trigger.policy ?? (await policyFor(q, trigger.serviceId)),
      runId: newRunId(),
      createdBy: trigger.createdBy ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    const existing = dedupKey ? await openPageWithKey(q, trigger.serviceId, dedupKey) : null;
    if (!existing) throw new Error('page insert conflicted without an open page to join');
    return joinPage(ctx, q, existing, trigger);
  }
  await appendPageEvent(q, ctx.clock, {
    pageId: row.id,
    type: 'triggered',
    actorId: trigger.createdBy ?? null,
    detail: { via: trigger.via, severity: row.severity, urgency: row.urgency, policy: row.policy.name },
  });
  return startEscalation(ctx, q, row, 'opened');
}

/** A repeated trigger updates what the page says; it does not notify anyone again. */
async function joinPage(
  ctx: AppContext,
  q: Queryable,
  page: PageRow,
  trigger: PageTrigger,
): Promise<PageRow> {
  const [row] = await q
    .update(pages)
    .set({
      title: trigger.title,
      details: trigger.details ?? page.details,
      severity: trigger.severity,
      urgency: urgencyOf(trigger.severity),
      updatedAt: ctx.clock.now(),
    })
    .where(eq(pages.id, page.id))
    .returning();
  await appendPageEvent(q, ctx.clock, {
    pageId: page.id,
    type: 'trigger_joined',
    detail: { via: trigger.via, severity: trigger.severity },
  });
  return row ?? page;
}
