import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { isStaffRole } from '../../shared/roles.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import { isUuid } from '../auth/tenancy.js';
import { type AppContext, appUrl } from '../context.js';
import type { Queryable } from '../db/client.js';
import {
  type StoredLayer,
  scheduleOverrides,
  schedules,
  scheduleVersions,
  users,
} from '../db/schema/index.js';
import { invalid, notFound } from '../lib/errors.js';
import { toInstant } from '../lib/instant.js';
import { randomSecret } from '../lib/secrets.js';
import { type Layer, renderSchedule, type Schedule, type Shift } from './schedule.js';
import { type LayerInput, readLayers } from './schedule-rules.js';

export interface ScheduleInput {
  name: string;
  timeZone: string;
  layers: LayerInput[];
}

const toStored = (layers: Layer[]): StoredLayer[] =>
  layers.map((l) => ({ ...l, start: l.start.toISOString() }));
const fromStored = (layers: StoredLayer[]): Layer[] =>
  layers.map((l) => ({ ...l, start: new Date(l.start) }));

/** Every person a layer names must be an enabled staff user: 400 naming the first who is not. */
async function checkPeople(q: Queryable, layers: readonly LayerInput[]): Promise<void> {
  const ids = [...new Set(layers.flatMap((l) => l.users))];
  const valid = ids.filter(isUuid);
  const found = valid.length
    ? await q
        .select({ id: users.id, role: users.role })
        .from(users)
        .where(and(inArray(users.id, valid), isNull(users.disabledAt)))
    : [];
  const staff = new Set(found.filter((u) => isStaffRole(u.role)).map((u) => u.id));
  for (const [i, layer] of layers.entries()) {
    for (const [j, id] of layer.users.entries()) {
      if (!staff.has(id))
        throw invalid(`layers.${i}.users.${j}`, 'is not an enabled staff user', 'invalid_id');
    }
  }
}

async function loadSchedule(q: Queryable, id: string) {
  if (!isUuid(id)) throw notFound('schedule');
  const [row] = await q.select().from(schedules).where(eq(schedules.id, id));
  if (!row) throw notFound('schedule');
  return row;
}

/** The schedule as the renderer takes it: every version and the overrides. */
export async function scheduleModel(
  q: Queryable,
  id: string,
): Promise<Schedule & { row: typeof schedules.$inferSelect }> {
  const row = await loadSchedule(q, id);
  const versions = await q
    .select()
    .from(scheduleVersions)
    .where(eq(scheduleVersions.scheduleId, id))
    .orderBy(asc(scheduleVersions.effectiveFrom));
  const overrides = await q
    .select()
    .from(scheduleOverrides)
    .where(eq(scheduleOverrides.scheduleId, id))
    .orderBy(asc(scheduleOverrides.createdAt), asc(scheduleOverrides.id));
  return {
    row,
    timeZone: row.timeZone,
    versions: versions.map((v) => ({ effectiveFrom: v.effectiveFrom, layers: fromStored(v.layers) })),
    overrides: overrides.map((o) => ({ userId: o.userId, start: o.start, end: o.end })),
  };
}

/** The schedule as the API shows it: the layers in force now, its overrides still to come, its feed. */
export async function getSchedule(ctx: AppContext, id: string) {
  const model = await scheduleModel(ctx.db, id);
  const now = ctx.clock.now();
  const current = model.versions.filter((v) => v.effectiveFrom <= now).at(-1) ?? model.versions[0];
  const overrides = await ctx.db
    .select()
    .from(scheduleOverrides)
    .where(and(eq(scheduleOverrides.scheduleId, id), gt(scheduleOverrides.end, now)))
    .orderBy(asc(scheduleOverrides.start));
  return {
    id: model.row.id,
    name: model.row.name,
    timeZone: model.row.timeZone,
    layers: (current?.layers ?? []).map((l) => ({
      ...l,
      users: [...l.users],
      restrictions: (l.restrictions ?? []).map((r) => ({ ...r, days: [...r.days] })),
    })),
    overrides: overrides.map((o) => ({ id: o.id, userId: o.userId, start: o.start, end: o.end })),
    icalUrl: appUrl(ctx, `/api/v1/ical/schedules/${model.row.feedToken}.ics`),
    createdAt: model.row.createdAt,
    updatedAt: model.row.updatedAt,
  };
}

export async function listSchedules(ctx: AppContext) {
  const rows = await ctx.db.select({ id: schedules.id }).from(schedules).orderBy(asc(schedules.name));
  return Promise.all(rows.map((row) => getSchedule(ctx, row.id)));
}

export async function createSchedule(ctx: AppContext, actor: Actor, input: ScheduleInput) {
  const layers = readLayers(input.timeZone, input.layers);
  const now = ctx.clock.now();
  const id = await ctx.db.transaction(async (tx) => {
    await checkPeople(tx, input.layers);
    const [row] = await tx
      .insert(schedules)
      .values({
        name: input.name,
        timeZone: input.timeZone,
        feedToken: randomSecret(24),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('schedule insert returned nothing');
    // The first version reaches back to the earliest layer start, so a rotation that began earlier renders.
    const earliest = Math.min(now.getTime(), ...layers.map((l) => l.start.getTime()));
    await tx
      .insert(scheduleVersions)
      .values({ scheduleId: row.id, effectiveFrom: new Date(earliest), layers: toStored(layers) });
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: null,
      action: 'schedule.created',
      subjectType: 'schedule',
      subjectId: row.id,
      after: { name: row.name, timeZone: row.timeZone, layers: layers.length },
    });
    return row.id;
  });
  return getSchedule(ctx, id);
}

/** An edit takes effect now: the past renders with the layers it had. */
export async function updateSchedule(ctx: AppContext, actor: Actor, id: string, input: ScheduleInput) {
  const layers = readLayers(input.timeZone, input.layers);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const before = await loadSchedule(tx, id);
    await tx.select({ id: schedules.id }).from(schedules).where(eq(schedules.id, id)).for('update');
    await checkPeople(tx, input.layers);
    await tx
      .update(schedules)
      .set({ name: input.name, timeZone: input.timeZone, updatedAt: now })
      .where(eq(schedules.id, id));
    // A version already set for this very instant (two edits in one clock tick) is replaced, not duplicated.
    await tx
      .delete(scheduleVersions)
      .where(and(eq(scheduleVersions.scheduleId, id), eq(scheduleVersions.effectiveFrom, now)));
    await tx
      .insert(scheduleVersions)
      .values({ scheduleId: id, effectiveFrom: now, layers: toStored(layers) });
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: null,
      action: 'schedule.changed',
      subjectType: 'schedule',
      subjectId: id,
      before: { name: before.name, timeZone: before.timeZone },
      after: { name: input.name, timeZone: input.timeZone, layers: layers.length },
    });
  });
  return getSchedule(ctx, id);
}

export async function deleteSchedule(ctx: AppContext, actor: Actor, id: string) {
  await ctx.db.transaction(async (tx) => {
    const row = await loadSchedule(tx, id);
    await tx.delete(schedules).where(eq(schedules.id, id));
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: null,
      action: 'schedule.removed',
      subjectType: 'schedule',
      subjectId: id,
      before: { name: row.name },
    });
  });
}

export async function addOverride(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { userId: string; start: string; end: string },
) {
  const start = toInstant('start', input.start);
  const end = toInstant('end', input.end);
  if (end <= start) throw invalid('end', 'must be after start', 'invalid');
  return ctx.db.transaction(async (tx) => {
    await loadSchedule(tx, id);
    const [person] = isUuid(input.userId)
      ? await tx
          .select({ role: users.role })
          .from(users)
          .where(and(eq(users.id, input.userId), isNull(users.disabledAt)))
      : [];
    if (!person || !isStaffRole(person.role))
      throw invalid('userId', 'is not an enabled staff user', 'invalid_id');
    const [row] = await tx
      .insert(scheduleOverrides)
      .values({ scheduleId: id, userId: input.userId, start, end, createdAt: ctx.clock.now() })
      .returning();
    if (!row) throw new Error('override insert returned nothing');
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: null,
      action: 'schedule.override_added',
      subjectType: 'schedule',
      subjectId: id,
      after: { userId: row.userId, start: row.start.toISOString(), end: row.end.toISOString() },
    });
    return { id: row.id, userId: row.userId, start: row.start, end: row.end };
  });
}

export async function removeOverride(ctx: AppContext, actor: Actor, id: string, overrideId: string) {
  if (!isUuid(id) || !isUuid(overrideId)) throw notFound('override');
  await ctx.db.transaction(async (tx) => {
    const deleted = await tx
      .delete(scheduleOverrides)
      .where(and(eq(scheduleOverrides.id, overrideId), eq(scheduleOverrides.scheduleId, id)))
      .returning();
    if (deleted.length === 0) throw notFound('override');
    await recordAudit(tx, ctx.clock, {
      actor,
      partnerId: null,
      action: 'schedule.override_removed',
      subjectType: 'schedule',
      subjectId: id,
      before: { userId: deleted[0]?.userId },
    });
  });
}

const MAX_TIMELINE_MS = 92 * 24 * 3_600_000;

/** The final schedule between two instants (at most 92 days). */
export async function scheduleTimeline(
  ctx: AppContext,
  id: string,
  fromText: string,
  toText: string,
): Promise<Shift[]> {
  const from = toInstant('from', fromText);
  const to = toInstant('to', toText);
  if (to <= from) throw invalid('to', 'must be after from', 'invalid');
  if (to.getTime() - from.getTime() > MAX_TIMELINE_MS)
    throw invalid('to', 'must be at most 92 days after from', 'too_large', { limit: 92 });
  return renderSchedule(await scheduleModel(ctx.db, id), from, to);
}

/** Who is on call at an instant (now when none is given), with names and addresses. */
export async function onCallAt(ctx: AppContext, id: string, atText?: string) {
  const at = atText ? toInstant('at', atText) : ctx.clock.now();
  const shifts = renderSchedule(await scheduleModel(ctx.db, id), at, new Date(at.getTime() + 1));
  const ids = [...new Set(shifts.map((s) => s.userId))];
  const people = ids.length
    ? await ctx.db
        .select({ id: users.id, name: users.name, email: users.email })
        .from(users)
        .where(inArray(users.id, ids))
    : [];
  return { users: ids.map((uid) => people.find((p) => p.id === uid)).filter((p) => p !== undefined) };
}
