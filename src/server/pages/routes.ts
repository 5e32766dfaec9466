import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PageStatus } from '../../shared/oncall.js';
import { requireActor } from '../auth/access.js';
import type { AppContext } from '../context.js';
import { describeActionLink } from './action-links.js';
import { getPage, listPages } from './read.js';
import {
  ActionLinkView,
  ManualPageBody,
  PageDetail,
  PageListQuery,
  PageParams,
  PageView,
  ReassignBody,
  SnoozeBody,
} from './schemas.js';
import { changePage, openManualPage, reassign, snooze, usePageActionLink } from './service.js';

const tags = ['pages'];
const staff = { staff: 'any' } as const;

/** Pages: list, detail with timeline, manual pages, acknowledge / resolve / reassign / snooze, email links. */
export function pageRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const base = '/api/v1/pages';
    app.get(
      base,
      {
        config: { access: staff },
        schema: { tags, querystring: PageListQuery, response: { 200: Type.Array(PageView) } },
      },
      async (request) =>
        listPages(ctx, {
          status: request.query.status?.split(',') as PageStatus[] | undefined,
          before: request.query.before,
          limit: request.query.limit,
        }),
    );
    app.post(
      base,
      { config: { access: staff }, schema: { tags, body: ManualPageBody, response: { 201: PageDetail } } },
      async (request, reply) =>
        reply.status(201).send(await openManualPage(ctx, requireActor(request), request.body)),
    );
    app.get(
      `${base}/:pageId`,
      { config: { access: staff }, schema: { tags, params: PageParams, response: { 200: PageDetail } } },
      async (request) => getPage(ctx, request.params.pageId),
    );
    for (const transition of ['acknowledge', 'resolve'] as const) {
      app.post(
        `${base}/:pageId/${transition}`,
        { config: { access: staff }, schema: { tags, params: PageParams, response: { 200: PageDetail } } },
        async (request) => changePage(ctx, requireActor(request), request.params.pageId, transition),
      );
    }
    app.post(
      `${base}/:pageId/reassign`,
      {
        config: { access: staff },
        schema: { tags, params: PageParams, body: ReassignBody, response: { 200: PageDetail } },
      },
      async (request) => reassign(ctx, requireActor(request), request.params.pageId, request.body),
    );
    app.post(
      `${base}/:pageId/snooze`,
      {
        config: { access: staff },
        schema: { tags, params: PageParams, body: SnoozeBody, response: { 200: PageDetail } },
      },
      async (request) => snooze(ctx, requireActor(request), request.params.pageId, request.body.minutes),
    );

    // The email links: GET only describes (mail scanners fetch links), POST acts.
    const TokenParams = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100 }) });
    app.get(
      '/api/v1/page-actions/:token',
      {
        config: { access: { public: true } },
        schema: { tags, params: TokenParams, response: { 200: ActionLinkView } },
      },
      async (request) => describeActionLink(ctx, request.params.token),
    );
    app.post(
      '/api/v1/page-actions/:token',
      {
        config: { access: { public: true } },
        schema: {
          tags,
          params: TokenParams,
          response: {
            200: Type.Object({
              id: Type.String(),
              number: Type.Number(),
              title: Type.String(),
              status: Type.String(),
            }),
          },
        },
      },
      async (request) => usePageActionLink(ctx, request.params.token),
    );
  };
}
