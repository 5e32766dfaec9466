import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/access.js';
import { type AppContext, appUrl } from '../context.js';
import { notFound } from '../lib/errors.js';
import { Timestamp } from '../lib/schema-types.js';
import { ensureUserFeed, scheduleFeed, userFeed } from './feeds.js';
import {
  addOverride,
  createSchedule,
  deleteSchedule,
  getSchedule,
  listSchedules,
  onCallAt,
  removeOverride,
  scheduleTimeline,
  updateSchedule,
} from './schedules.js';
import { teamRoutes } from './team-routes.js';

const tags = ['on-call'];
const Clock = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'HH:MM local time' });
const Uuid = Type.String({ format: 'uuid' });
const LayerBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  start: Type.String({ format: 'date-time' }),
  rotation: Type.Object({
    type: Type.Union([Type.Literal('daily'), Type.Literal('weekly'), Type.Literal('custom')]),
    hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 8784 })),
  }),
  handoffTime: Clock,
  users: Type.Array(Uuid, { minItems: 1, maxItems: 100 }),
  restrictions: Type.Optional(
    Type.Array(
      Type.Object({
        days: Type.Array(
          Type.Union(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => Type.Literal(d))),
          { minItems: 1, maxItems: 7, uniqueItems: true },
        ),
        start: Clock,
        end: Clock,
      }),
      { maxItems: 50 },
    ),
  ),
});
const ScheduleBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  layers: Type.Array(LayerBody, { maxItems: 20 }),
});
const OverrideView = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  start: Timestamp,
  end: Timestamp,
});
const ScheduleView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  timeZone: Type.String(),
  layers: Type.Array(
    Type.Object({
      name: Type.String(),
      start: Timestamp,
      rotation: Type.Object({ type: Type.String(), hours: Type.Optional(Type.Number()) }),
      handoffTime: Type.String(),
      users: Type.Array(Type.String()),
      restrictions: Type.Array(
        Type.Object({ days: Type.Array(Type.String()), start: Type.String(), end: Type.String() }),
      ),
    }),
  ),
  overrides: Type.Array(OverrideView),
  icalUrl: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const ScheduleParams = Type.Object({ scheduleId: Type.String() });
const read = { staff: 'any' } as const;
const write = { staff: ['admin', 'oncall_engineer'] } as const;

/** Schedules, overrides, who is on call, and the iCalendar feeds (issue #9). */
export function oncallRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(teamRoutes(ctx));
    const base = '/api/v1/schedules';
    app.get(
      base,
      { config: { access: read }, schema: { tags, response: { 200: Type.Array(ScheduleView) } } },
      async () => listSchedules(ctx),
    );
    app.post(
      base,
      { config: { access: write }, schema: { tags, body: ScheduleBody, response: { 201: ScheduleView } } },
      async (request, reply) =>
        reply.status(201).send(await createSchedule(ctx, requireActor(request), request.body)),
    );
    app.get(
      `${base}/:scheduleId`,
      { config: { access: read }, schema: { tags, params: ScheduleParams, response: { 200: ScheduleView } } },
      async (request) => getSchedule(ctx, request.params.scheduleId),
    );
    app.put(
      `${base}/:scheduleId`,
      {
        config: { access: write },
        schema: {
          tags,
          summary: 'Takes effect now; the past keeps its layers',
          params: ScheduleParams,
          body: ScheduleBody,
          response: { 200: ScheduleView },
        },
      },
      async (request) => updateSchedule(ctx, requireActor(request), request.params.scheduleId, request.body),
    );
    app.delete(
      `${base}/:scheduleId`,
      { config: { access: write }, schema: { tags, params: ScheduleParams } },
      async (request, reply) => {
        await deleteSchedule(ctx, requireActor(request), request.params.scheduleId);
        return reply.status(204).send();
      },
    );
    app.post(
      `${base}/:scheduleId/overrides`,
      {
        config: { access: write },
        schema: {
          tags,
          params: ScheduleParams,
          body: Type.Object({
            userId: Type.String(),
            start: Type.String({ format: 'date-time' }),
            end: Type.String({ format: 'date-time' }),
          }),
          response: { 201: OverrideView },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await addOverride(ctx, requireActor(request), request.params.scheduleId, request.body)),
    );
    app.delete(
      `${base}/:scheduleId/overrides/:overrideId`,
      {
        config: { access: write },
        schema: { tags, params: Type.Object({ scheduleId: Type.String(), overrideId: Type.String() }) },
      },
      async (request, reply) => {
        await removeOverride(
          ctx,
          requireActor(request),
          request.params.scheduleId,
          request.params.overrideId,
        );
        return reply.status(204).send();
      },
    );
    app.get(
      `${base}/:scheduleId/oncall`,
      {
        config: { access: read },
        schema: {
          tags,
          params: ScheduleParams,
          querystring: Type.Object({ at: Type.Optional(Type.String({ format: 'date-time' })) }),
          response: {
            200: Type.Object({
              users: Type.Array(
                Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() }),
              ),
            }),
          },
        },
      },
      async (request) => onCallAt(ctx, request.params.scheduleId, request.query.at),
    );
    app.get(
      `${base}/:scheduleId/timeline`,
      {
        config: { access: read },
        schema: {
          tags,
          params: ScheduleParams,
          querystring: Type.Object({
            from: Type.String({ format: 'date-time' }),
            to: Type.String({ format: 'date-time' }),
          }),
          response: {
            200: Type.Array(
              Type.Object({ userId: Type.String(), start: Timestamp, end: Timestamp, layer: Type.String() }),
            ),
          },
        },
      },
      async (request) =>
        scheduleTimeline(ctx, request.params.scheduleId, request.query.from, request.query.to),
    );
    app.get(
      '/api/v1/me/oncall-feed',
      {
        config: { access: read },
        schema: {
          tags,
          summary: 'Your own on-call feed (its secret URL)',
          response: { 200: Type.Object({ icalUrl: Type.String() }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const token = await ensureUserFeed(ctx, actor.kind === 'user' ? actor.user.id : '');
        return {
          icalUrl: appUrl(ctx, `/api/v1/ical/users/${token}.ics`),
        };
      },
    );
    // Calendar apps fetch these without a session: the secret in the URL is the key.
    for (const [kind, feed] of [
      ['schedules', scheduleFeed],
      ['users', userFeed],
    ] as const) {
      app.get(
        `/api/v1/ical/${kind}/:file`,
        {
          config: { access: { public: true } },
          schema: {
            tags,
            summary: 'iCalendar feed at a secret URL',
            params: Type.Object({ file: Type.String({ maxLength: 100 }) }),
            produces: ['text/calendar'],
          },
        },
        async (request, reply) => {
          const token = request.params.file.endsWith('.ics') ? request.params.file.slice(0, -4) : '';
          if (!token) throw notFound('feed');
          return reply
            .type('text/calendar; charset=utf-8')
            .header('cache-control', 'private, max-age=300')
            .send(await feed(ctx, token));
        },
      );
    }
  };
}
