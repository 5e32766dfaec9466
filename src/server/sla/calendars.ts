import { asc, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import { resyncOpenCases } from '../cases/sla-sync.js';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { businessCalendars, slaPolicies } from '../db/schema/index.js';
import { conflict, invalid, notFound } from '../lib/errors.js';
import { type Closure, validateCalendar } from './calendar.js';
import { closedDays } from './closed-days.js';
import { closuresFromIcs } from './ical-closures.js';
import { type CalendarInput, MAX_CLOSURES } from './schemas.js';

type CalendarRow = typeof businessCalendars.$inferSelect;

/** Recurring closures in an imported file are expanded over this year and the next two. */
const IMPORT_YEARS = 3;

const byDate = (a: Closure, b: Closure) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

const snapshot = ({ name, timeZone, weeklyHours, holidays, closures }: CalendarRow) => ({
  name,
  timeZone,
  weeklyHours,
  holidays,
  closures,
});

/** The year `instant` falls in where the calendar is. */
const yearAt = (timeZone: string, instant: Date) => DateTime.fromJSDate(instant, { zone: timeZone }).year;

/**
 * The input as stored, or the first problem as a 400 naming its field. Field indexes are the caller's, so
 * closures are sorted only once checked.
 */
function checked(input: CalendarInput) {
  const calendar = {
    name: input.name,
    timeZone: input.timeZone,
    weeklyHours: input.weeklyHours,
    holidays: input.holidays && {
      country: input.holidays.country.toUpperCase(),
      ...(input.holidays.region === undefined ? {} : { region: input.holidays.region }),
    },
    closures: input.closures,
  };
  const [problem] = validateCalendar(calendar);
  if (problem)
    throw invalid(
      problem.field,
      problem.message,
      problem.field === 'timeZone' ? 'unknown_time_zone' : undefined,
    );
  const seen = new Map<string, number>();
  calendar.closures.forEach(({ date }, index) => {
    const earlier = seen.get(date);
    if (earlier !== undefined) throw invalid(`closures.${index}.date`, `repeats closures.${earlier}.date`);
    seen.set(date, index);
  });
  // Intl accepts a zone in any letter case; store the canonical spelling (europe/berlin → Europe/Berlin).
  const timeZone = new Intl.DateTimeFormat('en', { timeZone: calendar.timeZone }).resolvedOptions().timeZone;
  return { ...calendar, timeZone, closures: [...calendar.closures].sort(byDate) };
}

async function lockCalendar(tx: Queryable, calendarId: string): Promise<CalendarRow> {
  const [row] = await tx
    .select()
    .from(businessCalendars)
    .where(eq(businessCalendars.id, calendarId))
    .for('update');
  if (!row) throw notFound('business calendar');
  return row;
}

/** Stores a change to a locked calendar and moves the due times of the unfinished cases counted in it. */
async function storeChange(
  ctx: AppContext,
  tx: Queryable,
  calendarId: string,
  changes: Partial<typeof businessCalendars.$inferInsert>,
): Promise<CalendarRow> {
  const [after] = await tx
    .update(businessCalendars)
    .set({ ...changes, updatedAt: ctx.clock.now() })
    .where(eq(businessCalendars.id, calendarId))
    .returning();
  if (!after) throw notFound('business calendar');
  await resyncOpenCases(ctx, tx, { calendarId });
  return after;
}

const auditCalendar = (
  ctx: AppContext,
  tx: Queryable,
  actor: Actor,
  calendarId: string,
  action: 'created' | 'changed' | 'removed' | 'closures_imported',
  change: { before?: unknown; after?: unknown },
) =>
  recordAudit(tx, ctx.clock, {
    actor,
    partnerId: null,
    action: `business_calendar.${action}`,
    subjectType: 'business_calendar',
    subjectId: calendarId,
    ...change,
  });

export function listCalendars(ctx: AppContext) {
  return ctx.db
    .select()
    .from(businessCalendars)
    .orderBy(asc(businessCalendars.name), asc(businessCalendars.id));
}

export async function getCalendar(ctx: AppContext, calendarId: string): Promise<CalendarRow> {
  const [row] = await ctx.db.select().from(businessCalendars).where(eq(businessCalendars.id, calendarId));
  if (!row) throw notFound('business calendar');
  return row;
}

export async function createCalendar(ctx: AppContext, actor: Actor, input: CalendarInput) {
  const calendar = checked(input);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(businessCalendars)
      .values({ ...calendar, createdAt: now, updatedAt: now })
      .returning();
    if (!row) throw new Error('business calendar insert returned nothing');
    await auditCalendar(ctx, tx, actor, row.id, 'created', { after: snapshot(row) });
    return row;
  });
}

/** Replaces the calendar. */
export async function updateCalendar(
  ctx: AppContext,
  actor: Actor,
  calendarId: string,
  input: CalendarInput,
) {
  const calendar = checked(input);
  return ctx.db.transaction(async (tx) => {
    const before = await lockCalendar(tx, calendarId);
    const after = await storeChange(ctx, tx, calendarId, calendar);
    await auditCalendar(ctx, tx, actor, calendarId, 'changed', {
      before: snapshot(before),
      after: snapshot(after),
    });
    return after;
  });
}

/** Refused while a policy counts in it (the row lock also holds off a policy being pointed at it meanwhile). */
export async function deleteCalendar(ctx: AppContext, actor: Actor, calendarId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const calendar = await lockCalendar(tx, calendarId);
    const users = await tx
      .select({ name: slaPolicies.name })
      .from(slaPolicies)
      .where(eq(slaPolicies.calendarId, calendarId))
      .orderBy(asc(slaPolicies.name));
    if (users.length > 0) {
      const names = users.map((policy) => `"${policy.name}"`).join(', ');
      const which = users.length === 1 ? 'policy' : 'policies';
      throw conflict(`this calendar is used by the SLA ${which} ${names}; give them another calendar first`);
    }
    await tx.delete(businessCalendars).where(eq(businessCalendars.id, calendarId));
    await auditCalendar(ctx, tx, actor, calendarId, 'removed', { before: snapshot(calendar) });
  });
}

/** Public holidays and closures of `year` (by default the current one where the calendar is). */
export async function listClosedDays(ctx: AppContext, calendarId: string, year?: number) {
  const calendar = await getCalendar(ctx, calendarId);
  return closedDays(calendar, year ?? yearAt(calendar.timeZone, ctx.clock.now()));
}

/**
 * Adds the all-day events of an iCalendar file as closures, recurring ones over this year and the next two;
 * dates the calendar already closes are skipped. Answers the calendar and how many closures were added.
 */
export async function importClosures(ctx: AppContext, actor: Actor, calendarId: string, ics: string) {
  // Read before the transaction: a long file is CPU work, and the row lock need not wait for it.
  const thisYear = yearAt((await getCalendar(ctx, calendarId)).timeZone, ctx.clock.now());
  const read = closuresFromIcs(ics, {
    fromYear: thisYear,
    toYear: thisYear + IMPORT_YEARS - 1,
    maxDates: MAX_CLOSURES,
  });
  if ('problem' in read) throw invalid('ics', read.problem);
  return ctx.db.transaction(async (tx) => {
    const before = await lockCalendar(tx, calendarId);
    const taken = new Set(before.closures.map((closure) => closure.date));
    const added = read.closures.filter((closure) => !taken.has(closure.date));
    if (added.length === 0) return { calendar: before, added: 0 };
    if (before.closures.length + added.length > MAX_CLOSURES)
      throw invalid('ics', `would give the calendar more than ${MAX_CLOSURES} closures`);
    const closures = [...before.closures, ...added].sort(byDate);
    const after = await storeChange(ctx, tx, calendarId, { closures });
    await auditCalendar(ctx, tx, actor, calendarId, 'closures_imported', { after: { added } });
    return { calendar: after, added: added.length };
  });
}
