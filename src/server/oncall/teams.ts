import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { STAFF_ROLES } from '../../shared/roles.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import { isUuid } from '../auth/tenancy.js';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { teamMembers, teams, users } from '../db/schema/index.js';
import { invalid, notFound } from '../lib/errors.js';

export interface TeamInput {
  name: string;
  members: string[];
}

/** Every member must be an enabled staff user: 400 naming the first who is not. */
async function checkMembers(q: Queryable, members: readonly string[]): Promise<void> {
  const valid = members.filter(isUuid);
  const found = valid.length
    ? await q
        .select({ id: users.id })
        .from(users)
        .where(and(inArray(users.id, valid), inArray(users.role, [...STAFF_ROLES]), isNull(users.disabledAt)))
    : [];
  const staff = new Set(found.map((u) => u.id));
  const stranger = members.findIndex((id) => !staff.has(id));
  if (stranger >= 0) throw invalid(`members.${stranger}`, 'is not an enabled staff user', 'invalid_id');
}

/** `lock`: hold the row until the transaction ends, so two edits never interleave their member lists. */
async function loadTeam(q: Queryable, id: string, lock = false) {
  if (!isUuid(id)) throw notFound('team');
  const query = q.select().from(teams).where(eq(teams.id, id));
  const [row] = await (lock ? query.for('update') : query);
  if (!row) throw notFound('team');
  return row;
}

async function storeMembers(q: Queryable, teamId: string, members: readonly string[]): Promise<void> {
  const unique = [...new Set(members)];
  if (unique.length) await q.insert(teamMembers).values(unique.map((userId) => ({ teamId, userId })));
}

/** Each team's member ids, ordered by name so lists read alike everywhere. */
async function membersOf(q: Queryable, teamIds: string[]): Promise<Map<string, string[]>> {
  const rows = teamIds.length
    ? await q
        .select({ teamId: teamMembers.teamId, userId: teamMembers.userId })
        .from(teamMembers)
        .innerJoin(users, eq(users.id, teamMembers.userId))
        .where(inArray(teamMembers.teamId, teamIds))
        .orderBy(asc(users.name), asc(users.id))
    : [];
  const byTeam = new Map<string, string[]>(teamIds.map((id) => [id, []]));
  for (const row of rows) byTeam.get(row.teamId)?.push(row.userId);
  return byTeam;
}

async function presentTeams(q: Queryable, rows: (typeof teams.$inferSelect)[]) {
  const members = await membersOf(
    q,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    members: members.get(row.id) ?? [],
    createdAt: row.createdAt,
  }));
}

async function presentTeam(q: Queryable, row: typeof teams.$inferSelect) {
  const [team] = await presentTeams(q, [row]);
  if (!team) throw new Error('team vanished while presenting it');
  return team;
}

type TeamView = Awaited<ReturnType<typeof presentTeam>>;
const audited = (team?: TeamView) => team && { name: team.name, members: team.members };

/** A team's audit row: its name and member ids before and after. */
function auditTeam(
  ctx: AppContext,
  tx: Queryable,
  actor: Actor,
  change: 'created' | 'changed' | 'removed',
  id: string,
  sides: { before?: TeamView; after?: TeamView },
) {
  return recordAudit(tx, ctx.clock, {
    actor,
    partnerId: null,
    action: `team.${change}`,
    subjectType: 'team',
    subjectId: id,
    before: audited(sides.before),
    after: audited(sides.after),
  });
}

export async function listTeams(ctx: AppContext) {
  const rows = await ctx.db.select().from(teams).orderBy(asc(teams.name), asc(teams.id));
  return presentTeams(ctx.db, rows);
}

export async function getTeam(ctx: AppContext, id: string) {
  return presentTeam(ctx.db, await loadTeam(ctx.db, id));
}

export async function createTeam(ctx: AppContext, actor: Actor, input: TeamInput) {
  return ctx.db.transaction(async (tx) => {
    await checkMembers(tx, input.members);
    const [row] = await tx.insert(teams).values({ name: input.name, createdAt: ctx.clock.now() }).returning();
    if (!row) throw new Error('team insert returned nothing');
    await storeMembers(tx, row.id, input.members);
    const team = await presentTeam(tx, row);
    await auditTeam(ctx, tx, actor, 'created', row.id, { after: team });
    return team;
  });
}

/** Replaces the name and the whole member list. */
export async function updateTeam(ctx: AppContext, actor: Actor, id: string, input: TeamInput) {
  return ctx.db.transaction(async (tx) => {
    const before = await presentTeam(tx, await loadTeam(tx, id, true));
    await checkMembers(tx, input.members);
    const [row] = await tx.update(teams).set({ name: input.name }).where(eq(teams.id, id)).returning();
    if (!row) throw notFound('team');
    await tx.delete(teamMembers).where(eq(teamMembers.teamId, id));
    await storeMembers(tx, id, input.members);
    const team = await presentTeam(tx, row);
    await auditTeam(ctx, tx, actor, 'changed', id, { before, after: team });
    return team;
  });
}

/** Its schedules stay, without a team. */
export async function deleteTeam(ctx: AppContext, actor: Actor, id: string) {
  await ctx.db.transaction(async (tx) => {
    const before = await presentTeam(tx, await loadTeam(tx, id, true));
    await tx.delete(teams).where(eq(teams.id, id));
    await auditTeam(ctx, tx, actor, 'removed', id, { before });
  });
}

/** Every staff user (disabled ones flagged), so pickers can offer people and past shifts keep their names. */
export async function listStaffDirectory(ctx: AppContext) {
  const rows = await ctx.db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(inArray(users.role, [...STAFF_ROLES]))
    .orderBy(asc(users.name), asc(users.id));
  return rows.map(({ disabledAt, ...person }) => ({ ...person, disabled: disabledAt !== null }));
}
