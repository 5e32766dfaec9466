import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.js';
import { cases, pages, partners, slaPolicies, users } from '../db/schema/index.js';

const assignee = alias(users, 'assignee');

/** The columns of a case as the API shows it, with the names and SLA policy it refers to. */
export function selectCaseViews(q: Queryable) {
  return q
    .select({
      row: cases,
      partnerName: partners.name,
      assigneeName: assignee.name,
      calendarId: slaPolicies.calendarId,
      pageId: pages.id,
      pageStatus: pages.status,
    })
    .from(cases)
    .innerJoin(partners, eq(partners.id, cases.partnerId))
    .leftJoin(assignee, eq(assignee.id, cases.assigneeUserId))
    .leftJoin(slaPolicies, eq(slaPolicies.id, cases.slaPolicyId))
    .leftJoin(pages, eq(pages.caseId, cases.id));
}

type Joined = {
  row: typeof cases.$inferSelect;
  partnerName: string;
  assigneeName: string | null;
  calendarId: string | null;
  pageId: string | null;
  pageStatus: string | null;
};

export function presentCase({ row, partnerName, assigneeName, calendarId, pageId, pageStatus }: Joined) {
  return {
    id: row.id,
    number: row.number,
    partnerId: row.partnerId,
    partnerName,
    category: row.category,
    urgentCriterion: row.urgentCriterion,
    impact: row.impact,
    subject: row.subject,
    description: row.description,
    status: row.status,
    priority: row.priority,
    queue: row.queue,
    assigneeUserId: row.assigneeUserId,
    assigneeName,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    sla: {
      policyId: row.slaPolicyId,
      calendarId,
      firstResponseDueAt: row.firstResponseDueAt,
      firstResponseAt: row.firstResponseAt,
      resolutionDueAt: row.resolutionDueAt,
      resolvedAt: row.resolvedAt,
      paused: row.slaPaused,
      firstResponseBreached: row.firstResponseBreached,
      resolutionBreached: row.resolutionBreached,
      nextDueAt: row.nextSlaDueAt,
    },
    /** The on-call page a confirmed urgent case opened ("escalated to on-call engineering"). */
    page: pageId && pageStatus ? { id: pageId, status: pageStatus } : null,
  };
}

export type CaseView = ReturnType<typeof presentCase>;
