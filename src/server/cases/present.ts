import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.js';
import { cases, partners, slaPolicies, users } from '../db/schema/index.js';

const assignee = alias(users, 'assignee');

/** The columns of a case as the API shows it, with the names and SLA policy it refers to. */
export function selectCaseViews(q: Queryable) {
  return q
    .select({
      row: cases,
      partnerName: partners.name,
      assigneeName: assignee.name,
      calendarId: slaPolicies.calendarId,
    })
    .from(cases)
    .innerJoin(partners, eq(partners.id, cases.partnerId))
    .leftJoin(assignee, eq(assignee.id, cases.assigneeUserId))
    .leftJoin(slaPolicies, eq(slaPolicies.id, cases.slaPolicyId));
}

type Joined = {
  row: typeof cases.$inferSelect;
  partnerName: string;
  assigneeName: string | null;
  calendarId: string | null;
};

export function presentCase({ row, partnerName, assigneeName, calendarId }: Joined) {
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
    /** Filled in by on-call once a confirmed urgent case has paged someone. */
    page: null as { id: string; status: string } | null,
  };
}

export type CaseView = ReturnType<typeof presentCase>;
