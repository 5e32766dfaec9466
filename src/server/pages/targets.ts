import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Locale } from '../../shared/locales.js';
import type { EscalationLevel } from '../../shared/oncall.js';
import { isStaffRole } from '../../shared/roles.js';
import type { Queryable } from '../db/client.js';
import { schedules, users } from '../db/schema/index.js';
import { renderSchedule } from '../oncall/schedule.js';
import { scheduleModel } from '../oncall/schedules.js';

export interface Responder {
  id: string;
  name: string;
  email: string;
  locale: Locale;
}

const responderColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  locale: users.locale,
  role: users.role,
};

async function onCallUserIds(q: Queryable, scheduleId: string, at: Date): Promise<string[]> {
  const [exists] = await q.select({ id: schedules.id }).from(schedules).where(eq(schedules.id, scheduleId));
  if (!exists) return [];
  const shifts = renderSchedule(await scheduleModel(q, scheduleId), at, new Date(at.getTime() + 1));
  return shifts.map((s) => s.userId);
}

/** Every enabled platform admin: who gets a page whose level names nobody reachable. */
async function platformAdmins(q: Queryable): Promise<Responder[]> {
  return q
    .select(responderColumns)
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)));
}

/**
 * The people a level reaches at an instant: its users, and whoever its schedules have on call then; enabled staff
 * only, each once. When that is nobody (an empty level, a schedule with a gap), every platform admin instead,
 * so a page never reaches no one; `fallback` says so for the timeline.
 */
export async function resolveResponders(
  q: Queryable,
  level: EscalationLevel | undefined,
  at: Date,
): Promise<{ responders: Responder[]; fallback: boolean }> {
  const ids: string[] = [];
  for (const target of level?.targets ?? []) {
    if (target.type === 'user') ids.push(target.id);
    else ids.push(...(await onCallUserIds(q, target.id, at)));
  }
  const unique = [...new Set(ids)];
  const found = unique.length
    ? await q
        .select(responderColumns)
        .from(users)
        .where(and(inArray(users.id, unique), isNull(users.disabledAt)))
    : [];
  const responders = unique
    .map((id) => found.find((u) => u.id === id))
    .filter((u) => u !== undefined && isStaffRole(u.role)) as Responder[];
  if (responders.length > 0) return { responders, fallback: false };
  return { responders: await platformAdmins(q), fallback: true };
}

/** One enabled staff user as a responder, or null (removed or disabled since the timer was set). */
export async function responderById(q: Queryable, id: string): Promise<Responder | null> {
  const [row] = await q
    .select(responderColumns)
    .from(users)
    .where(and(eq(users.id, id), isNull(users.disabledAt)));
  return row && isStaffRole(row.role) ? row : null;
}
