import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/access.js';
import type { AppContext } from '../context.js';
import {
  createCalendar,
  deleteCalendar,
  getCalendar,
  importClosures,
  listCalendars,
  listClosedDays,
  updateCalendar,
} from './calendars.js';
import { createPolicy, deletePolicy, getPolicy, listPolicies, updatePolicy } from './policies.js';
import {
  CalendarBody,
  CalendarParams,
  CalendarView,
  ClosedDaysQuery,
  ClosedDaysView,
  ImportClosuresBody,
  ImportClosuresView,
  PolicyBody,
  PolicyParams,
  PolicyView,
} from './schemas.js';

const anyStaff = { access: { staff: 'any' as const } };
const adminOnly = { access: { staff: ['admin'] as const } };

export function slaRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const calendars = '/api/v1/business-calendars';
    const calendar = `${calendars}/:calendarId`;
    const tags = ['sla'];
    app.get(
      calendars,
      { config: anyStaff, schema: { tags, response: { 200: Type.Array(CalendarView) } } },
      async () => listCalendars(ctx),
    );
    app.post(
      calendars,
      { config: adminOnly, schema: { tags, body: CalendarBody, response: { 201: CalendarView } } },
      async (request, reply) =>
        reply.status(201).send(await createCalendar(ctx, requireActor(request), request.body)),
    );
    app.get(
      calendar,
      { config: anyStaff, schema: { tags, params: CalendarParams, response: { 200: CalendarView } } },
      async (request) => getCalendar(ctx, request.params.calendarId),
    );
    app.put(
      calendar,
      {
        config: adminOnly,
        schema: { tags, params: CalendarParams, body: CalendarBody, response: { 200: CalendarView } },
      },
      async (request) => updateCalendar(ctx, requireActor(request), request.params.calendarId, request.body),
    );
    app.delete(
      calendar,
      { config: adminOnly, schema: { tags, params: CalendarParams } },
      async (request, reply) => {
        await deleteCalendar(ctx, requireActor(request), request.params.calendarId);
        return reply.status(204).send();
      },
    );
    app.get(
      `${calendar}/closed-days`,
      {
        config: anyStaff,
        schema: {
          tags,
          params: CalendarParams,
          querystring: ClosedDaysQuery,
          response: { 200: ClosedDaysView },
        },
      },
      async (request) => listClosedDays(ctx, request.params.calendarId, request.query.year),
    );
    app.post(
      `${calendar}/closures/import`,
      {
        config: adminOnly,
        schema: {
          tags,
          params: CalendarParams,
          body: ImportClosuresBody,
          response: { 200: ImportClosuresView },
        },
      },
      async (request) =>
        importClosures(ctx, requireActor(request), request.params.calendarId, request.body.ics),
    );

    const policies = '/api/v1/sla-policies';
    const policy = `${policies}/:policyId`;
    app.get(
      policies,
      { config: anyStaff, schema: { tags, response: { 200: Type.Array(PolicyView) } } },
      async () => listPolicies(ctx),
    );
    app.post(
      policies,
      { config: adminOnly, schema: { tags, body: PolicyBody, response: { 201: PolicyView } } },
      async (request, reply) =>
        reply.status(201).send(await createPolicy(ctx, requireActor(request), request.body)),
    );
    app.get(
      policy,
      { config: anyStaff, schema: { tags, params: PolicyParams, response: { 200: PolicyView } } },
      async (request) => getPolicy(ctx, request.params.policyId),
    );
    app.put(
      policy,
      {
        config: adminOnly,
        schema: { tags, params: PolicyParams, body: PolicyBody, response: { 200: PolicyView } },
      },
      async (request) => updatePolicy(ctx, requireActor(request), request.params.policyId, request.body),
    );
    app.delete(
      policy,
      { config: adminOnly, schema: { tags, params: PolicyParams } },
      async (request, reply) => {
        await deletePolicy(ctx, requireActor(request), request.params.policyId);
        return reply.status(204).send();
      },
    );
  };
}
