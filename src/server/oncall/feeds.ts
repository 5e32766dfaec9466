import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import type { AppContext } from '../context.js';
import { schedules, userFeeds, users } from '../db/schema/index.js';
import { notFound } from '../lib/errors.js';
import { randomSecret } from '../lib/secrets.js';
import { renderSchedule, type Shift } from './schedule.js';
import { scheduleModel } from './schedules.js';

const DAY = 24 * 3_600_000;
/** What a calendar app sees: the past week and the next eight. */
const FEED_BEFORE = 7 * DAY;
const FEED_AFTER = 56 * DAY;

interface FeedEvent {
  uid: string;
  summary: string;
  shift: Shift;
}

/** An RFC 5545 calendar of on-call shifts, times in UTC, written by ical.js. */
function calendarOf(name: string, events: readonly FeedEvent[], now: Date): string {
  const calendar = new ICAL.Component(['vcalendar', [], []]);
  calendar.updatePropertyWithValue('prodid', '-//Switchboard//On-call//EN');
  calendar.updatePropertyWithValue('version', '2.0');
  calendar.updatePropertyWithValue('calscale', 'GREGORIAN');
  calendar.updatePropertyWithValue('x-wr-calname', name);
  const stamp = ICAL.Time.fromJSDate(now, true);
  for (const { uid, summary, shift } of events) {
    const event = new ICAL.Component('vevent');
    event.updatePropertyWithValue('uid', uid);
    event.updatePropertyWithValue('dtstamp', stamp);
    event.updatePropertyWithValue('dtstart', ICAL.Time.fromJSDate(shift.start, true));
    event.updatePropertyWithValue('dtend', ICAL.Time.fromJSDate(shift.end, true));
    event.updatePropertyWithValue('summary', summary);
    calendar.addSubcomponent(event);
  }
  return calendar.toString();
}

const uidOf = (scheduleId: string, shift: Shift) =>
  `${scheduleId}-${shift.userId}-${shift.start.getTime()}@switchboard`;

async function namesOf(ctx: AppContext) {
  const rows = await ctx.db.select({ id: users.id, name: users.name }).from(users);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A schedule's feed at its secret URL: who is on call, shift by shift. */
export async function scheduleFeed(ctx: AppContext, token: string): Promise<string> {
  const [row] = await ctx.db
    .select({ id: schedules.id })
    .from(schedules)
    .where(eq(schedules.feedToken, token));
  if (!row) throw notFound('feed');
  const model = await scheduleModel(ctx.db, row.id);
  const now = ctx.clock.now();
  const names = await namesOf(ctx);
  const shifts = renderSchedule(
    model,
    new Date(now.getTime() - FEED_BEFORE),
    new Date(now.getTime() + FEED_AFTER),
  );
  return calendarOf(
    model.row.name,
    shifts.map((shift) => ({
      uid: uidOf(row.id, shift),
      summary: `${names.get(shift.userId) ?? shift.userId} on call (${model.row.name})`,
      shift,
    })),
    now,
  );
}

/** A person's feed: their shifts on every schedule. */
export async function userFeed(ctx: AppContext, token: string): Promise<string> {
  const [feed] = await ctx.db.select().from(userFeeds).where(eq(userFeeds.feedToken, token));
  if (!feed) throw notFound('feed');
  const now = ctx.clock.now();
  const events: FeedEvent[] = [];
  for (const { id } of await ctx.db.select({ id: schedules.id }).from(schedules)) {
    const model = await scheduleModel(ctx.db, id);
    const shifts = renderSchedule(
      model,
      new Date(now.getTime() - FEED_BEFORE),
      new Date(now.getTime() + FEED_AFTER),
    );
    for (const shift of shifts.filter((s) => s.userId === feed.userId))
      events.push({ uid: uidOf(id, shift), summary: `On call: ${model.row.name}`, shift });
  }
  return calendarOf('My on-call shifts', events, now);
}

/** The signed-in person's feed token, made on first use. */
export async function ensureUserFeed(ctx: AppContext, userId: string): Promise<string> {
  await ctx.db
    .insert(userFeeds)
    .values({ userId, feedToken: randomSecret(24) })
    .onConflictDoNothing();
  const [feed] = await ctx.db.select().from(userFeeds).where(eq(userFeeds.userId, userId));
  if (!feed) throw new Error('user feed vanished');
  return feed.feedToken;
}
