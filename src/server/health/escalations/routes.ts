import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../auth/access.js';
import { ownedByPartner, type Tenancy } from '../../auth/tenancy.js';
import type { AppContext } from '../../context.js';
import { healthEscalations } from '../../db/schema/index.js';
import { describeEscalationLink } from './links.js';
import { listEscalations, loadEscalationDetail } from './queries.js';
import {
  CommentBody,
  CommentView,
  DisableBody,
  EscalationDetail,
  EscalationParams,
  EscalationView,
  LinkView,
  PageResult,
  PartnerListQuery,
  PartnerParams,
  StaffListQuery,
  TokenParams,
} from './schemas.js';
import {
  acknowledgeByLink,
  acknowledgeEscalation,
  commentOnEscalation,
  disableIntegrationFromEscalation,
  pageFromEscalation,
} from './service.js';

const tags = ['health'];
const partnerRead = { partner: 'read' } as const;

/** Escalations to partners: lists, detail, acknowledge, comments, page, disable integration, email links. */
export function healthEscalationRoutes(ctx: AppContext, tenancy: Tenancy): FastifyPluginAsyncTypebox {
  tenancy.ownParam('escalationId', ownedByPartner(healthEscalations));
  return async (app) => {
    const base = '/api/v1/partners/:partnerId/escalations';
    const one = `${base}/:escalationId`;
    app.get(
      base,
      {
        config: { access: partnerRead },
        schema: {
          tags,
          params: PartnerParams,
          querystring: PartnerListQuery,
          response: { 200: Type.Array(EscalationView) },
        },
      },
      async (request) =>
        listEscalations(ctx, { partnerId: request.params.partnerId, status: request.query.status ?? 'all' }),
    );
    app.get(
      one,
      {
        config: { access: partnerRead },
        schema: { tags, params: EscalationParams, response: { 200: EscalationDetail } },
      },
      async (request) => loadEscalationDetail(ctx, request.params.escalationId),
    );
    // Any member of the partner may acknowledge: the plan wakes whoever is on call, not only admins.
    app.post(
      `${one}/acknowledge`,
      {
        config: { access: partnerRead },
        schema: { tags, params: EscalationParams, response: { 200: EscalationView } },
      },
      async (request) =>
        acknowledgeEscalation(
          ctx,
          requireActor(request),
          request.params.partnerId,
          request.params.escalationId,
        ),
    );
    app.post(
      `${one}/comments`,
      {
        config: { access: partnerRead },
        schema: { tags, params: EscalationParams, body: CommentBody, response: { 201: CommentView } },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await commentOnEscalation(
              ctx,
              requireActor(request),
              request.params.partnerId,
              request.params.escalationId,
              request.body.body,
            ),
          ),
    );
    app.post(
      `${one}/page`,
      {
        config: { access: { staff: 'any' } },
        schema: { tags, params: EscalationParams, response: { 200: PageResult, 201: PageResult } },
      },
      async (request, reply) => {
        const { pageId, opened } = await pageFromEscalation(
          ctx,
          requireActor(request),
          request.params.partnerId,
          request.params.escalationId,
        );
        return reply.status(opened ? 201 : 200).send({ pageId });
      },
    );
    app.post(
      `${one}/disable-integration`,
      {
        config: { access: { staff: ['admin'] } },
        schema: { tags, params: EscalationParams, body: DisableBody, response: { 200: EscalationView } },
      },
      async (request) =>
        disableIntegrationFromEscalation(
          ctx,
          requireActor(request),
          request.params.partnerId,
          request.params.escalationId,
          request.body.reason,
        ),
    );
    app.get(
      '/api/v1/escalations',
      {
        config: { access: { staff: 'any' } },
        schema: { tags, querystring: StaffListQuery, response: { 200: Type.Array(EscalationView) } },
      },
      async (request) =>
        listEscalations(ctx, {
          status: request.query.status ?? 'open',
          severity: request.query.severity,
          partnerId: request.query.partnerId,
        }),
    );

    // The email links: GET only describes (mail scanners fetch links), POST acknowledges.
    app.get(
      '/api/v1/escalation-links/:token',
      {
        config: { access: { public: true } },
        schema: { tags, params: TokenParams, response: { 200: LinkView } },
      },
      async (request) => describeEscalationLink(ctx, request.params.token),
    );
    app.post(
      '/api/v1/escalation-links/:token',
      {
        config: { access: { public: true } },
        schema: { tags, params: TokenParams, response: { 200: EscalationView } },
      },
      async (request) => acknowledgeByLink(ctx, request.params.token),
    );
  };
}
