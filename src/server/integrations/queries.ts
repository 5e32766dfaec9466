import { and, eq, ne } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { pages } from '../db/schema/index.js';

/** The open (not resolved) page a monitor's dedup key names on a service, if any. */
export async function openPageWithDedupKey(
  q: Queryable,
  serviceId: string,
  dedupKey: string,
): Promise<string | null> {
  const [row] = await q
    .select({ id: pages.id })
    .from(pages)
    .where(and(eq(pages.serviceId, serviceId), eq(pages.dedupKey, dedupKey), ne(pages.status, 'resolved')));
  return row?.id ?? null;
}
