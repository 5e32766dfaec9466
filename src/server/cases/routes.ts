import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CASE_CATEGORIES,
  type CaseCategory,
  URGENT_CRITERIA,
  type UrgentCriterion,
} from '../../shared/cases.js';
import { requireActor } from '../auth/access.js';
import { ownedByPartner, type Tenancy } from '../auth/tenancy.js';
import type { AppContext } from '../context.js';
import { cases } from '../db/schema/index.js';
import { Text, Timestamp } from '../lib/schema-types.js';
import { addComment, getCase, listCasesAssignedTo, listPartnerCases, openCase } from './service.js';

const CategorySchema = Type.Unsafe<CaseCategory>(Type.String({ enum: [...CASE_CATEGORIES] }));
const CriterionSchema = Type.Unsafe<UrgentCriterion>(Type.String({ enum: [...URGENT_CRITERIA] }));
const NullableString = Type.Union([Type.String(), Type.Null()]);
const CaseView = Type.Object({
  id: Type.String(),
  number: Type.Number(),
  partnerId: Type.String(),
  category: CategorySchema,
  urgentCriterion: Type.Union([CriterionSchema, Type.Null()]),
  subject: Type.String(),
  description: Type.String(),
  status: Type.String(),
  assigneeUserId: NullableString,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const CommentView = Type.Object({
  id: Type.String(),
  authorName: Type.String(),
  body: Type.String(),
  createdAt: Timestamp,
});
const CaseDetailView = Type.Intersect([CaseView, Type.Object({ comments: Type.Array(CommentView) })]);
const PartnerParams = Type.Object({ partnerId: Type.String() });
const CaseParams = Type.Object({ partnerId: Type.String(), caseId: Type.String() });

export function caseRoutes(ctx: AppContext, tenancy: Tenancy): FastifyPluginAsyncTypebox {
  tenancy.ownParam('caseId', ownedByPartner(cases));
  return async (app) => {
    const base = '/api/v1/partners/:partnerId/cases';
    app.get(
      base,
      {
        config: { access: { partner: 'read' } },
        schema: { tags: ['cases'], params: PartnerParams, response: { 200: Type.Array(CaseView) } },
      },
      async (request) => listPartnerCases(ctx, request.params.partnerId),
    );
    app.post(
      base,
      {
        config: { access: { partner: 'read' } },
        schema: {
          tags: ['cases'],
          params: PartnerParams,
          body: Type.Object(
            {
              category: CategorySchema,
              subject: Type.String({ minLength: 1, maxLength: 200 }),
              description: Text({ maxLength: 20_000 }),
              urgentCriterion: Type.Optional(Type.Union([CriterionSchema, Type.Null()])),
            },
            { additionalProperties: false },
          ),
          response: { 201: CaseView },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await openCase(ctx, requireActor(request), request.params.partnerId, request.body)),
    );
    app.get(
      `${base}/:caseId`,
      {
        config: { access: { partner: 'read' } },
        schema: { tags: ['cases'], params: CaseParams, response: { 200: CaseDetailView } },
      },
      async (request) => getCase(ctx, request.params.partnerId, request.params.caseId),
    );
    app.post(
      `${base}/:caseId/comments`,
      {
        config: { access: { partner: 'read' } },
        schema: {
          tags: ['cases'],
          params: CaseParams,
          body: Type.Object({ body: Text({ maxLength: 20_000 }) }, { additionalProperties: false }),
          response: { 201: CommentView },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await addComment(
              ctx,
              requireActor(request),
              request.params.partnerId,
              request.params.caseId,
              request.body.body,
            ),
          ),
    );
    app.get(
      '/api/v1/cases/assigned',
      {
        config: { access: { staff: 'any' } },
        schema: {
          tags: ['cases'],
          response: { 200: Type.Array(Type.Object({ case: CaseView, partnerName: Type.String() })) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return actor.kind === 'user' ? listCasesAssignedTo(ctx, actor.user.id) : [];
      },
    );
  };
}
