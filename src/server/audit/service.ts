import { desc, eq } from 'drizzle-orm';
import { type ActingParty, actorLabel } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { auditEvents } from '../db/schema/index.js';
import type { Clock } from '../lib/clock.js';
import { namesOf, referencedIds } from './names.js';

export interface AuditEntry {
  actor: ActingParty;
  partnerId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  requestId?: string;
}

/** Written in the same transaction as the change it describes, so neither exists without the other. */
export async function recordAudit(q: Queryable, clock: Clock, entry: AuditEntry): Promise<void> {
  await q.insert(auditEvents).values({
    at: clock.now(),
    actorUserId: entry.actor?.kind === 'user' ? entry.actor.user.id : null,
    actorTokenId: entry.actor?.kind === 'token' ? entry.actor.token.id : null,
    actorLabel: actorLabel(entry.actor),
    partnerId: entry.partnerId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: entry.requestId ?? null,
  });
}

/**
 * The newest rows first, each with the acting person's current name (`actorName`, null for the system, a
 * token or a deleted account) and `names`: what the ids it mentions name today, for a log people can read.
 */
export async function listAudit(ctx: AppContext, filter: { partnerId?: string; limit?: number }) {
  const query = ctx.db.select().from(auditEvents);
  const rows = await (filter.partnerId ? query.where(eq(auditEvents.partnerId, filter.partnerId)) : query)
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(filter.limit ?? 200);
  const names = await namesOf(
    ctx.db,
    rows.flatMap((row) => [...referencedIds(row), ...(row.actorUserId ? [row.actorUserId] : [])]),
  );
  return rows.map((row) => ({
    ...row,
    actorName: (row.actorUserId && names.get(row.actorUserId)) || null,
    names: Object.fromEntries(
      referencedIds(row).flatMap((id) => {
        const name = names.get(id);
        return name ? [[id, name]] : [];
      }),
    ),
  }));
}
