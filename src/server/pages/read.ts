import { and, asc, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import type { PageStatus } from '../../shared/oncall.js';
import { isUuid } from '../auth/tenancy.js';
import type { AppContext } from '../context.js';
import { notifications, pageEvents, pages, services, users } from '../db/schema/index.js';
import { notFound } from '../lib/errors.js';
import type { PageRow } from './page-row.js';

function present(row: PageRow, serviceName: string | null) {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    source: row.source,
    severity: row.severity,
    urgency: row.urgency,
    status: row.status,
    service: row.serviceId ? { id: row.serviceId, name: serviceName ?? '' } : null,
    caseId: row.caseId,
    dedupKey: row.dedupKey,
    details: row.details,
    escalationPolicy: { id: row.policy.policyId, name: row.policy.name },
    level: row.level + 1,
    acknowledgedBy: row.acknowledgedBy,
    acknowledgedAt: row.acknowledgedAt,
    snoozedUntil: row.snoozedUntil,
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export interface PageFilter {
  status?: PageStatus[];
  /** Pages numbered below this one: the next page of a list sorted newest first. */
  before?: number;
  limit?: number;
}

export async function listPages(ctx: AppContext, filter: PageFilter) {
  const conditions: SQL[] = [];
  if (filter.status?.length) conditions.push(inArray(pages.status, filter.status));
  if (filter.before) conditions.push(lt(pages.number, filter.before));
  const rows = await ctx.db
    .select({ page: pages, serviceName: services.name })
    .from(pages)
    .leftJoin(services, eq(services.id, pages.serviceId))
    .where(and(...conditions))
    .orderBy(desc(pages.number))
    .limit(filter.limit ?? 50);
  return rows.map((r) => present(r.page, r.serviceName));
}

/** The page with its timeline: each notification with its channel, recipient and delivery result. */
export async function getPage(ctx: AppContext, id: string) {
  if (!isUuid(id)) throw notFound('page');
  const [row] = await ctx.db
    .select({ page: pages, serviceName: services.name })
    .from(pages)
    .leftJoin(services, eq(services.id, pages.serviceId))
    .where(eq(pages.id, id));
  if (!row) throw notFound('page');
  const events = await ctx.db
    .select({
      event: pageEvents,
      userName: users.name,
      delivery: {
        status: notifications.status,
        attempts: notifications.attempts,
        lastError: notifications.lastError,
        sentAt: notifications.sentAt,
      },
    })
    .from(pageEvents)
    .leftJoin(users, eq(users.id, pageEvents.userId))
    .leftJoin(notifications, eq(notifications.id, pageEvents.notificationId))
    .where(eq(pageEvents.pageId, id))
    .orderBy(asc(pageEvents.id));
  const actorIds = [...new Set(events.map((e) => e.event.actorId).filter((a): a is string => a !== null))];
  const actors = actorIds.length
    ? await ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, actorIds))
    : [];
  return {
    ...present(row.page, row.serviceName),
    timeline: events.map(({ event, userName, delivery }) => ({
      id: event.id,
      type: event.type,
      at: event.at,
      actor: event.actorId
        ? { id: event.actorId, name: actors.find((a) => a.id === event.actorId)?.name ?? '' }
        : null,
      user: event.userId ? { id: event.userId, name: userName ?? '' } : null,
      channel: typeof event.detail.channel === 'string' ? event.detail.channel : null,
      delivery: event.notificationId && delivery?.status ? delivery : null,
      detail: event.detail,
    })),
  };
}
