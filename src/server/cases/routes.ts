import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/access.js';
import { ownedByPartner, type Tenancy } from '../auth/tenancy.js';
import type { AppContext } from '../context.js';
import { cases } from '../db/schema/index.js';
import { addComment } from './comments.js';
import { openCase } from './open-case.js';
import { listQueue, listTriageQueue, queueFiltersFromQuery } from './queue.js';
import { getCaseDetail, getCaseForStaff, listCasesAssignedTo, listPartnerCases } from './read.js';
import { caseReport, REPORT_GROUPS, type ReportGroup, reportCsv } from './reports.js';
import {
  CaseChangesBody,
  CaseDetailView,
  CasePage,
  CaseView,
  CaseViewSaved,
  CommentBody,
  CommentView,
  NewCaseBody,
  PageQuery,
  QueueFiltersSchema,
  SimilarCase,
  TriageBody,
  TriageItem,
} from './schemas.js';
import { findSimilarCases } from './similar.js';
import { setSubscription } from './subscriptions.js';
import { triageCase } from './triage.js';
import { updateCase } from './update-case.js';
import { deleteCaseView, listCaseViews, saveCaseView } from './views.js';

const PartnerParams = Type.Object({ partnerId: Type.String() });
const CaseParams = Type.Object({ partnerId: Type.String(), caseId: Type.String() });
const tags = ['cases'];

const ReportQuery = Type.Object({
  groupBy: Type.Unsafe<ReportGroup>(Type.String({ enum: [...REPORT_GROUPS] })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});
const ReportRowView = Type.Object({
  key: Type.String(),
  label: Type.String(),
  cases: Type.Number(),
  firstResponseMedianMinutes: Type.Union([Type.Number(), Type.Null()]),
  firstResponseP90Minutes: Type.Union([Type.Number(), Type.Null()]),
  resolutionMedianMinutes: Type.Union([Type.Number(), Type.Null()]),
  resolutionP90Minutes: Type.Union([Type.Number(), Type.Null()]),
  breachRate: Type.Number(),
});

/** The staff queue's query: the saved-view filters, with `status` as a comma-separated list. */
const QueueQuery = Type.Object({
  ...Type.Omit(QueueFiltersSchema, ['status', 'slaBreached']).properties,
  status: Type.Optional(Type.String({ maxLength: 200 })),
  slaBreached: Type.Optional(Type.Boolean()),
  ...PageQuery,
});

export function caseRoutes(ctx: AppContext, tenancy: Tenancy): FastifyPluginAsyncTypebox {
  tenancy.ownParam('caseId', ownedByPartner(cases));
  return async (app) => {
    const base = '/api/v1/partners/:partnerId/cases';
    app.get(
      base,
      {
        config: { access: { partner: 'read' } },
        schema: {
          tags,
          params: PartnerParams,
          querystring: Type.Object(PageQuery),
          response: { 200: CasePage },
        },
      },
      async (request) => listPartnerCases(ctx, request.params.partnerId, request.query),
    );
    app.post(
      base,
      {
        config: { access: { partner: 'read' } },
        schema: { tags, params: PartnerParams, body: NewCaseBody, response: { 201: CaseDetailView } },
      },
      async (request, reply) => {
        const created = await openCase(ctx, requireActor(request), request.params.partnerId, request.body);
        return reply
          .status(201)
          .send(await getCaseDetail(ctx, requireActor(request), created.partnerId, created.id));
      },
    );
    app.get(
      `${base}/similar`,
      {
        config: { access: { partner: 'read' } },
        schema: {
          tags,
          summary: 'Open cases of the partner that look like a text being filed',
          params: PartnerParams,
          querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 20_000 })) }),
          response: { 200: Type.Array(SimilarCase) },
        },
      },
      async (request) => findSimilarCases(ctx, request.params.partnerId, request.query.q ?? ''),
    );
    app.get(
      `${base}/:caseId`,
      {
        config: { access: { partner: 'read' } },
        schema: { tags, params: CaseParams, response: { 200: CaseDetailView } },
      },
      async (request) =>
        getCaseDetail(ctx, requireActor(request), request.params.partnerId, request.params.caseId),
    );
    app.patch(
      `${base}/:caseId`,
      {
        config: { access: { partner: 'read' } },
        schema: {
          tags,
          summary: 'Staff only',
          params: CaseParams,
          body: CaseChangesBody,
          response: { 200: CaseView },
        },
      },
      async (request) => {
        const { partnerId, caseId } = request.params;
        await updateCase(ctx, requireActor(request), partnerId, caseId, request.body);
        return getCaseDetail(ctx, requireActor(request), partnerId, caseId);
      },
    );
    app.post(
      `${base}/:caseId/comments`,
      {
        config: { access: { partner: 'read' } },
        schema: { tags, params: CaseParams, body: CommentBody, response: { 201: CommentView } },
      },
      async (request, reply) => {
        const { partnerId, caseId } = request.params;
        return reply
          .status(201)
          .send(await addComment(ctx, requireActor(request), partnerId, caseId, request.body));
      },
    );
    app.put(
      `${base}/:caseId/subscription`,
      {
        config: { access: { partner: 'read' } },
        schema: {
          tags,
          summary: 'Follow a case (its mail comes to you) or stop following it; members of the partner only',
          params: CaseParams,
          body: Type.Object({ subscribed: Type.Boolean() }),
          response: { 200: Type.Object({ subscribed: Type.Boolean() }) },
        },
      },
      async (request) => {
        const { partnerId, caseId } = request.params;
        return setSubscription(ctx, requireActor(request), partnerId, caseId, request.body.subscribed);
      },
    );
    app.post(
      `${base}/:caseId/triage`,
      {
        config: { access: { partner: 'read' } },
        schema: {
          tags,
          summary: 'Triage and platform admins only',
          params: CaseParams,
          body: TriageBody,
          response: { 200: CaseView },
        },
      },
      async (request) => {
        const { partnerId, caseId } = request.params;
        await triageCase(ctx, requireActor(request), partnerId, caseId, request.body);
        return getCaseDetail(ctx, requireActor(request), partnerId, caseId);
      },
    );
    app.get(
      '/api/v1/cases',
      {
        config: { access: { staff: 'any' } },
        schema: { tags, summary: 'The staff queue', querystring: QueueQuery, response: { 200: CasePage } },
      },
      async (request) => {
        const { cursor, limit, ...filters } = request.query;
        return listQueue(ctx, requireActor(request), queueFiltersFromQuery(filters), { cursor, limit });
      },
    );
    app.get(
      '/api/v1/cases/:caseId',
      {
        config: { access: { staff: 'any' } },
        schema: {
          tags,
          summary: 'A case by id alone, for staff (queue and email links)',
          params: Type.Object({ caseId: Type.String() }),
          response: { 200: CaseDetailView },
        },
      },
      async (request) => getCaseForStaff(ctx, requireActor(request), request.params.caseId),
    );
    app.get(
      '/api/v1/cases/triage',
      {
        config: { access: { staff: ['triage', 'admin'] } },
        schema: {
          tags,
          summary: 'Cases waiting for triage, oldest first',
          response: { 200: Type.Array(TriageItem) },
        },
      },
      async () => listTriageQueue(ctx),
    );
    app.get(
      '/api/v1/cases/assigned',
      {
        config: { access: { staff: 'any' } },
        schema: { tags, response: { 200: Type.Array(CaseView) } },
      },
      async (request) => listCasesAssignedTo(ctx, requireActor(request)),
    );
    app.get(
      '/api/v1/reports/cases',
      {
        config: { access: { staff: 'any' } },
        schema: {
          tags,
          summary: 'First-response and resolution times and breach rate by category, partner or month',
          querystring: ReportQuery,
          response: { 200: Type.Array(ReportRowView) },
        },
      },
      async (request) => caseReport(ctx, request.query),
    );
    app.get(
      '/api/v1/reports/cases.csv',
      {
        config: { access: { staff: 'any' } },
        schema: { tags, summary: 'The same report as CSV', querystring: ReportQuery, produces: ['text/csv'] },
      },
      async (request, reply) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="cases-by-${request.query.groupBy}.csv"`)
          .send(reportCsv(await caseReport(ctx, request.query))),
    );
    app.get(
      '/api/v1/case-views',
      {
        config: { access: { staff: 'any' } },
        schema: { tags, summary: 'Your saved queue views', response: { 200: Type.Array(CaseViewSaved) } },
      },
      async (request) => listCaseViews(ctx, requireActor(request)),
    );
    app.post(
      '/api/v1/case-views',
      {
        config: { access: { staff: 'any' } },
        schema: {
          tags,
          body: Type.Object({
            name: Type.String({ minLength: 1, maxLength: 100 }),
            filters: QueueFiltersSchema,
          }),
          response: { 201: CaseViewSaved },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await saveCaseView(ctx, requireActor(request), request.body)),
    );
    app.delete(
      '/api/v1/case-views/:viewId',
      {
        config: { access: { staff: 'any' } },
        schema: { tags, params: Type.Object({ viewId: Type.String() }) },
      },
      async (request, reply) => {
        await deleteCaseView(ctx, requireActor(request), request.params.viewId);
        return reply.status(204).send();
      },
    );
  };
}
