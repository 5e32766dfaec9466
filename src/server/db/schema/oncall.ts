import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Layer } from '../../oncall/schedule.js';
import { users } from './users.js';

/** Groups of staff who share on-call duty. */
export const teams = pgTable('teams', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] })],
);

/** Layers are stored as JSON with their dates as ISO strings. */
export type StoredLayer = Omit<Layer, 'start'> & { start: string };

export const schedules = pgTable('schedules', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
  // A capability URL for calendar apps, read-only and rotatable; kept readable so the schedule view can show it.
  feedToken: text('feed_token').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** Each edit adds a version in force from then on, so the past keeps rendering as it was. */
export const scheduleVersions = pgTable(
  'schedule_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => schedules.id, { onDelete: 'cascade' }),
    effectiveFrom: timestamp('effective_from', { withTimezone: true }).notNull(),
    layers: jsonb('layers').$type<StoredLayer[]>().notNull(),
  },
  (t) => [index('schedule_versions_schedule_idx').on(t.scheduleId, t.effectiveFrom)],
);

export const scheduleOverrides = pgTable(
  'schedule_overrides',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => schedules.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    start: timestamp('start', { withTimezone: true }).notNull(),
    end: timestamp('end', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('schedule_overrides_schedule_idx').on(t.scheduleId, t.start)],
);

/** A user's own on-call feed: every schedule's shifts that are theirs. */
export const userFeeds = pgTable('user_feeds', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  feedToken: text('feed_token').notNull().unique(),
});
