import type { Queryable } from '../db/client.js';
import { addBucketRows, bucketRowsOf } from './bucket-store.js';
import type { CallBucket, FeedBucket, MerchantBucket } from './buckets.js';
import { holdRolledUntil } from './rollup.js';

/**
 * Buckets stored as intake stores them (minutes, and hours already rolled up), in a transaction of their own
 * under the roll-up lock: for the demo's history, the bench and tests, which write buckets without a batch.
 */
export async function storeBuckets(
  q: Queryable,
  buckets: { calls?: CallBucket[]; feeds?: FeedBucket[]; merchants?: MerchantBucket[] },
): Promise<void> {
  const rows = bucketRowsOf({ calls: [], feeds: [], merchants: [], ...buckets });
  await q.transaction(async (tx) => addBucketRows(tx, rows, await holdRolledUntil(tx)));
}
export const addCallBuckets = (q: Queryable, calls: CallBucket[]) => storeBuckets(q, { calls });
export const addFeedBuckets = (q: Queryable, feeds: FeedBucket[]) => storeBuckets(q, { feeds });
export const addMerchantBuckets = (q: Queryable, merchants: MerchantBucket[]) =>
  storeBuckets(q, { merchants });
