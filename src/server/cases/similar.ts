import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { cases } from '../db/schema/index.js';
import { UNFINISHED_STATUSES } from './status-machine.js';

/**
 * The words of a text as a full-text query that matches any of them, so a case sharing a few telling words ranks
 * high. Words are reduced to letters and digits first: user text never reaches the tsquery syntax.
 */
export function anyWordQuery(text: string): string | null {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])].slice(0, 32);
  return words.length > 0 ? words.join(' | ') : null;
}

/** The partner's unfinished cases that look like the text being filed, best match first. */
export async function findSimilarCases(ctx: AppContext, partnerId: string, text: string, limit = 5) {
  const query = anyWordQuery(text);
  if (!query) return [];
  const tsquery = sql`to_tsquery('simple', ${query})`;
  const rank = sql<number>`ts_rank(${cases.search}, ${tsquery})`;
  return ctx.db
    .select({
      id: cases.id,
      number: cases.number,
      subject: cases.subject,
      status: cases.status,
      category: cases.category,
      createdAt: cases.createdAt,
    })
    .from(cases)
    .where(
      and(
        eq(cases.partnerId, partnerId),
        inArray(cases.status, [...UNFINISHED_STATUSES]),
        sql`${cases.search} @@ ${tsquery}`,
      ),
    )
    .orderBy(desc(rank), desc(cases.createdAt))
    .limit(limit);
}
