import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { CaseCategory, CasePriority } from '../../../shared/cases.js';
import type { Closure, HolidayRegion, WeeklyInterval } from '../../sla/calendar.js';
import { partners } from './partners.js';

export const businessCalendars = pgTable('business_calendars', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  weeklyHours: jsonb('weekly_hours').$type<WeeklyInterval[]>().notNull(),
  holidays: jsonb('holidays').$type<HolidayRegion | null>(),
  closures: jsonb('closures').$type<Closure[]>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** Targets for cases; the most specific match wins (partner, then category, then priority). */
export const slaPolicies = pgTable('sla_policies', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  partnerId: uuid('partner_id').references(() => partners.id, { onDelete: 'cascade' }),
  category: text('category').$type<CaseCategory>(),
  priority: text('priority').$type<CasePriority>(),
  /** null: the clock runs around the clock (24/7). A calendar in use cannot be deleted. */
  calendarId: uuid('calendar_id').references(() => businessCalendars.id, { onDelete: 'restrict' }),
  firstResponseMinutes: integer('first_response_minutes').notNull(),
  resolutionMinutes: integer('resolution_minutes').notNull(),
  warnBeforeMinutes: integer('warn_before_minutes'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
