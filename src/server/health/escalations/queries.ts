import { and, asc, desc, eq, getTableColumns, ne, type SQL, sql } from 'drizzle-orm';
import type { HealthSeverity } from '../../../shared/health.js';
import { type AppContext, appUrl } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import {
  contacts,
  healthEscalationEvents,
  healthEscalations,
  partners,
  users,
} from '../../db/schema/index.js';
import { notFound } from '../../lib/errors.js';

export type EscalationStatusFilter = 'open' | 'resolved' | 'all';

const viewColumns = {
  ...getTableColumns(healthEscalations),
  partnerName: partners.name,
  acknowledgedByUserName: users.name,
  acknowledgedByContactName: contacts.name,
};

const selectViews = (q: Queryable) =>
  q
    .select(viewColumns)
    .from(healthEscalations)
    .innerJoin(partners, eq(partners.id, healthEscalations.partnerId))
    .leftJoin(users, eq(users.id, healthEscalations.acknowledgedBy))
    .leftJoin(contacts, eq(contacts.id, healthEscalations.acknowledgedByContact));

type ViewRow = Awaited<ReturnType<ReturnType<typeof selectViews>['where']>>[number];

export function presentEscalation(ctx: AppContext, row: ViewRow) {
  return {
    id: row.id,
    number: row.number,
    partnerId: row.partnerId,
    partnerName: row.partnerName,
    area: row.area,
    status: row.status,
    severity: row.severity,
    rules: row.rules,
    evidence: row.evidence,
    openedAt: row.openedAt,
    acknowledgedAt: row.acknowledgedAt,
    acknowledgedBy: row.acknowledgedByUserName ?? row.acknowledgedByContactName ?? null,
    resolvedAt: row.resolvedAt,
    pageId: row.pageId,
    healthUrl: appUrl(ctx, `/partners/${row.partnerId}/health`),
  };
}
export type EscalationView = ReturnType<typeof presentEscalation>;

export async function loadEscalationView(ctx: AppContext, q: Queryable, id: string): Promise<EscalationView> {
  const [row] = await selectViews(q).where(eq(healthEscalations.id, id));
  if (!row) throw notFound('escalation');
  return presentEscalation(ctx, row);
}

const unresolved = ne(healthEscalations.status, 'resolved');
const severityRank = sql`array_position(array['critical','high','medium','low']::text[], ${healthEscalations.severity})`;

/** Unresolved first, most severe and then longest-standing first; then the resolved ones, newest first. */
export async function listEscalations(
  ctx: AppContext,
  filter: { partnerId?: string; status: EscalationStatusFilter; severity?: HealthSeverity; limit?: number },
): Promise<EscalationView[]> {
  const conditions: SQL[] = [];
  if (filter.partnerId) conditions.push(eq(healthEscalations.partnerId, filter.partnerId));
  if (filter.status === 'open') conditions.push(unresolved);
  if (filter.status === 'resolved') conditions.push(eq(healthEscalations.status, 'resolved'));
  if (filter.severity) conditions.push(eq(healthEscalations.severity, filter.severity));
  const rows = await selectViews(ctx.db)
    .where(and(...conditions))
    .orderBy(
      asc(sql`${healthEscalations.status} = 'resolved'`),
      asc(sql`case when ${unresolved} then ${severityRank} end`),
      asc(sql`case when ${unresolved} then ${healthEscalations.openedAt} end`),
      desc(healthEscalations.resolvedAt),
      desc(healthEscalations.number),
    )
    .limit(filter.limit ?? 200);
  return rows.map((row) => presentEscalation(ctx, row));
}

/** The escalation with its timeline (oldest first) and, picked out of it, the comments. */
export async function loadEscalationDetail(ctx: AppContext, id: string) {
  const view = await loadEscalationView(ctx, ctx.db, id);
  const events = await ctx.db
    .select({
      id: healthEscalationEvents.id,
      type: healthEscalationEvents.type,
      at: healthEscalationEvents.at,
      actorId: healthEscalationEvents.actorId,
      actorName: users.name,
      contactId: healthEscalationEvents.contactId,
      contactName: contacts.name,
      detail: healthEscalationEvents.detail,
    })
    .from(healthEscalationEvents)
    .leftJoin(users, eq(users.id, healthEscalationEvents.actorId))
    .leftJoin(contacts, eq(contacts.id, healthEscalationEvents.contactId))
    .where(eq(healthEscalationEvents.escalationId, id))
    .orderBy(asc(healthEscalationEvents.id));
  const timeline = events.map((e) => ({
    id: e.id,
    type: e.type,
    at: e.at,
    actor: e.actorId && e.actorName ? { id: e.actorId, name: e.actorName } : null,
    contact: e.contactId && e.contactName ? { id: e.contactId, name: e.contactName } : null,
    detail: e.detail,
  }));
  const comments = timeline
    .filter((e) => e.type === 'comment')
    .map((e) => ({
      id: e.id,
      at: e.at,
      author: e.actor?.name ?? String(e.detail.by ?? ''),
      body: String(e.detail.body ?? ''),
    }));
  return { ...view, timeline, comments };
}
