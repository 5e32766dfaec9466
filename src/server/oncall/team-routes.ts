import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/access.js';
import type { AppContext } from '../context.js';
import { Timestamp } from '../lib/schema-types.js';
import { createTeam, deleteTeam, getTeam, listStaffDirectory, listTeams, updateTeam } from './teams.js';

const tags = ['on-call'];
const TeamBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  members: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 100, uniqueItems: true }),
});
const TeamView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  members: Type.Array(Type.String()),
  createdAt: Timestamp,
});
const TeamParams = Type.Object({ teamId: Type.String() });
const StaffPerson = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: Type.String(),
  disabled: Type.Boolean(),
});
const read = { staff: 'any' } as const;
const write = { staff: ['admin', 'oncall_engineer'] } as const;

/** Teams of staff who share on-call duty, and the staff directory their pickers choose from (issue #9). */
export function teamRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const base = '/api/v1/teams';
    app.get(
      base,
      { config: { access: read }, schema: { tags, response: { 200: Type.Array(TeamView) } } },
      async () => listTeams(ctx),
    );
    app.post(
      base,
      { config: { access: write }, schema: { tags, body: TeamBody, response: { 201: TeamView } } },
      async (request, reply) =>
        reply.status(201).send(await createTeam(ctx, requireActor(request), request.body)),
    );
    app.get(
      `${base}/:teamId`,
      { config: { access: read }, schema: { tags, params: TeamParams, response: { 200: TeamView } } },
      async (request) => getTeam(ctx, request.params.teamId),
    );
    app.put(
      `${base}/:teamId`,
      {
        config: { access: write },
        schema: {
          tags,
          summary: 'Replaces the name and the whole member list',
          params: TeamParams,
          body: TeamBody,
          response: { 200: TeamView },
        },
      },
      async (request) => updateTeam(ctx, requireActor(request), request.params.teamId, request.body),
    );
    app.delete(
      `${base}/:teamId`,
      {
        config: { access: write },
        schema: { tags, summary: 'Its schedules stay, without a team', params: TeamParams },
      },
      async (request, reply) => {
        await deleteTeam(ctx, requireActor(request), request.params.teamId);
        return reply.status(204).send();
      },
    );
    // Listing users is for admins; anyone on staff may see who their colleagues are, to read and plan on-call.
    app.get(
      '/api/v1/staff-directory',
      {
        config: { access: read },
        schema: {
          tags,
          summary: 'Every staff user (disabled ones flagged): for choosing people and naming them',
          response: { 200: Type.Array(StaffPerson) },
        },
      },
      async () => listStaffDirectory(ctx),
    );
  };
}
