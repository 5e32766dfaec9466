import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import {
  CASE_STATUSES,
  type CaseCategory,
  type CasePriority,
  type CaseQueue,
  type CaseStatus,
} from '../../shared/cases.js';
import type { Actor } from '../auth/actor.js';
import { isUuid } from '../auth/tenancy.js';
import type { AppContext } from '../context.js';
import { caseComments, cases } from '../db/schema/index.js';
import { caseHealthOf, unresolvedEscalationsOf } from '../health/case-evidence.js';
import { MINUTE } from '../lib/clock.js';
import { invalid } from '../lib/errors.js';
import { parseInstant } from '../lib/instant.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { presentCase, selectCaseViews } from './present.js';

export const QUEUE_SORTS = ['sla_due', 'created', 'updated'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** The staff queue's filters; a saved view stores exactly these. */
export interface QueueFilters {
  status?: CaseStatus[];
  category?: CaseCategory;
  priority?: CasePriority;
  partnerId?: string;
  /** A staff user's id, or `none` for unassigned cases. */
  assignee?: string;
  queue?: CaseQueue;
  slaDueBefore?: string;
  slaBreached?: boolean;
  q?: string;
  sort?: QueueSort;
}

function whereOf(filters: QueueFilters, userId: string): SQL[] {
  const where: SQL[] = [];
  if (filters.status?.length) where.push(inArray(cases.status, filters.status));
  if (filters.category) where.push(eq(cases.category, filters.category));
  if (filters.priority) where.push(eq(cases.priority, filters.priority));
  if (filters.partnerId) where.push(eq(cases.partnerId, filters.partnerId));
  if (filters.queue) where.push(eq(cases.queue, filters.queue));
  if (filters.assignee === 'none') where.push(isNull(cases.assigneeUserId));
  else if (filters.assignee === 'me') where.push(eq(cases.assigneeUserId, userId));
  else if (filters.assignee) where.push(eq(cases.assigneeUserId, filters.assignee));
  if (filters.slaDueBefore) {
    const before = parseInstant(filters.slaDueBefore);
    if (!before)
      throw invalid('slaDueBefore', 'is not an RFC 3339 date-time with a time zone', 'invalid_date_time');
    where.push(lte(cases.nextSlaDueAt, before));
  }
  if (filters.slaBreached !== undefined) {
    const breached = or(eq(cases.firstResponseBreached, true), eq(cases.resolutionBreached, true));
    where.push(filters.slaBreached ? (breached as SQL) : sql`not (${breached})`);
  }
  const text = filters.q?.trim();
  if (text) {
    const query = sql`websearch_to_tsquery('simple', ${text})`;
    where.push(
      sql`(${cases.search} @@ ${query} or exists (select 1 from ${caseComments} where ${caseComments.caseId} = ${cases.id} and ${caseComments.search} @@ ${query}))`,
    );
  }
  return where;
}

/** Keyset pagination per sort: the position after the cursor's item, in the sort's order. */
function afterCursor(sort: QueueSort, cursor: string): SQL {
  const [value, id] = decodeCursor(cursor, 2);
  if (typeof id !== 'string' || !isUuid(id))
    throw invalid('cursor', 'is not a cursor this list gave out', 'invalid_format');
  const at = typeof value === 'string' ? parseInstant(value) : null;
  if (value !== null && !at) throw invalid('cursor', 'is not a cursor this list gave out', 'invalid_format');
  if (sort === 'sla_due') {
    if (!at) return and(isNull(cases.nextSlaDueAt), gt(cases.id, id)) as SQL;
    return or(
      gt(cases.nextSlaDueAt, at),
      and(eq(cases.nextSlaDueAt, at), gt(cases.id, id)),
      isNull(cases.nextSlaDueAt),
    ) as SQL;
  }
  if (!at) throw invalid('cursor', 'is not a cursor this list gave out', 'invalid_format');
  const column = sort === 'created' ? cases.createdAt : cases.updatedAt;
  return or(lt(column, at), and(eq(column, at), lt(cases.id, id))) as SQL;
}

/** After a cursor of the newest-first order (the partner's list). */
export const afterCreated = (cursor: string) => afterCursor('created', cursor);

const ORDER = {
  sla_due: [sql`${cases.nextSlaDueAt} asc nulls last`, asc(cases.id)],
  created: [desc(cases.createdAt), desc(cases.id)],
  updated: [desc(cases.updatedAt), desc(cases.id)],
} satisfies Record<QueueSort, SQL[]>;

/** The staff queue: every partner's cases, filtered and searched, a page at a time. */
export async function listQueue(
  ctx: AppContext,
  actor: Actor,
  filters: QueueFilters,
  page: { cursor?: string; limit?: number },
) {
  const sort = filters.sort ?? 'sla_due';
  const limit = page.limit ?? 50;
  const where = whereOf(filters, actor.kind === 'user' ? actor.user.id : '');
  if (page.cursor) where.push(afterCursor(sort, page.cursor));
  const rows = await selectCaseViews(ctx.db)
    .where(and(...where))
    .orderBy(...ORDER[sort])
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(presentCase);
  const last = items.at(-1);
  const keyOf = (item: NonNullable<typeof last>) =>
    sort === 'sla_due'
      ? (item.sla.nextDueAt?.toISOString() ?? null)
      : (sort === 'created' ? item.createdAt : item.updatedAt).toISOString();
  return { items, nextCursor: rows.length > limit && last ? encodeCursor([keyOf(last), last.id]) : null };
}

/** How long triage has to review an urgent case, around the clock. */
export const TRIAGE_REVIEW_MINUTES = 15;

/** Cases waiting for a triage decision, oldest first, each with its review deadline. */
export async function listTriageQueue(ctx: AppContext) {
  const rows = await selectCaseViews(ctx.db).where(eq(cases.status, 'triage')).orderBy(asc(cases.createdAt));
  // Triage weighs the partner's words against its signals: each case carries the partner's open escalations.
  const escalations = await unresolvedEscalationsOf(
    ctx.db,
    rows.map((row) => row.row.partnerId),
  );
  return rows.map((row) => ({
    ...presentCase(row),
    reviewDueAt: new Date(row.row.createdAt.getTime() + TRIAGE_REVIEW_MINUTES * MINUTE),
    health: caseHealthOf(row.row.urgentCriterion, escalations.get(row.row.partnerId) ?? []),
  }));
}

/** The queue's query string carries `status` as a comma-separated list; saved views store it as an array. */
export function queueFiltersFromQuery(
  query: Omit<QueueFilters, 'status'> & { status?: string },
): QueueFilters {
  const { status, ...rest } = query;
  if (status === undefined || status.trim() === '') return rest;
  const statuses = status.split(',').map((part) => part.trim());
  for (const value of statuses) {
    if (!(CASE_STATUSES as readonly string[]).includes(value))
      throw invalid(
        'status',
        `must be a comma-separated list of ${CASE_STATUSES.join(', ')}`,
        'not_allowed',
        {
          allowed: [...CASE_STATUSES],
        },
      );
  }
  return { ...rest, status: statuses as CaseStatus[] };
}
