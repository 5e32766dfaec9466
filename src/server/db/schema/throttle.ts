import { bigserial, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per slot a rate limit handed out (lib/throttle.ts): a sign-in failure, a lead, a test notification.
 * A slot counts against its key until it expires; expired rows are pruned as new slots are taken.
 */
export const throttleSlots = pgTable(
  'throttle_slots',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('throttle_slots_key_idx').on(t.key, t.expiresAt),
    index('throttle_slots_expires_idx').on(t.expiresAt),
  ],
);
