import { listAudit } from '../../src/server/audit/service.js';
import type { TestApp } from './test-app.js';

/** A refusal as an API client reads it: the status, then the error body's code, message and details. */
export async function errorOf(response: Promise<{ statusCode: number; json(): unknown }>) {
  const r = await response;
  return { status: r.statusCode, ...(r.json() as { error: object }).error };
}

/** A partner's audit rows of one action, newest first: who acted, on what, and the change before and after. */
export async function auditRows(t: TestApp, partnerId: string, action: string) {
  return (await listAudit(t.ctx, { partnerId }))
    .filter((e) => e.action === action)
    .map(({ actorLabel, actorUserId, actorTokenId, subjectType, subjectId, before, after }) => ({
      actorLabel,
      actorUserId,
      actorTokenId,
      subjectType,
      subjectId,
      before,
      after,
    }));
}
