import { and, desc, eq } from 'drizzle-orm';
import { listAudit } from '../../src/server/audit/service.js';
import { auditEvents } from '../../src/server/db/schema/index.js';
import type { TestApp } from './test-app.js';

/** A refusal as an API client reads it: the status, then the error body's code, message and details. */
export async function errorOf(response: Promise<{ statusCode: number; json(): unknown }>) {
  const r = await response;
  return { status: r.statusCode, ...(r.json() as { error: object }).error };
}

type AuditRow = typeof auditEvents.$inferSelect;
/** What an audit row says: who acted, on what, and the change before and after. */
const SAID = [
  'actorLabel',
  'actorUserId',
  'actorTokenId',
  'subjectType',
  'subjectId',
  'before',
  'after',
] as const;
const said = (row: AuditRow) =>
  Object.fromEntries(SAID.map((key) => [key, row[key]])) as Pick<AuditRow, (typeof SAID)[number]>;

/** A partner's audit rows of one action, newest first. */
export async function auditRows(t: TestApp, partnerId: string, action: string) {
  return (await listAudit(t.ctx, { partnerId })).filter((e) => e.action === action).map(said);
}

/** The audit rows of one action about one subject, newest first, with the partner they were filed under. */
export async function auditRowsAbout(t: TestApp, subjectId: string, action: string) {
  const rows = await t.ctx.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, subjectId), eq(auditEvents.action, action)))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id));
  return rows.map((row) => ({ partnerId: row.partnerId, ...said(row) }));
}
