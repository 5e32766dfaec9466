import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/access.js';
import type { AppContext } from '../context.js';
import { toInstant } from '../lib/instant.js';
import { disableIntegration, enableIntegration, pauseIntegration, resumeIntegration } from './integration.js';
import { assignConsultant, changePartnerStatus, updateSupportHours } from './lifecycle.js';
import {
  ConsultantBody,
  CreatePartnerBody,
  IntegrationView,
  PartnerAccountView,
  PartnerParams,
  PartnerSummaryView,
  PartnerView,
  PauseBody,
  ReasonBody,
  StatusBody,
  SupportHoursBody,
} from './schemas.js';
import { createPartner, getPartnerAccount, listIntegrationStates, listPartners } from './service.js';

const tags = ['partners'];

export function partnerRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/partners',
      {
        config: { access: { staff: 'any' } },
        schema: { tags, response: { 200: Type.Array(PartnerSummaryView) } },
      },
      async () => listPartners(ctx),
    );
    app.post(
      '/api/v1/partners',
      {
        config: { access: { staff: ['admin'] } },
        schema: { tags, body: CreatePartnerBody, response: { 201: PartnerView } },
      },
      async (request, reply) =>
        reply.status(201).send(await createPartner(ctx, requireActor(request), request.body)),
    );
    app.get(
      '/api/v1/partners/:partnerId',
      {
        config: { access: { partner: 'read' } },
        schema: { tags, params: PartnerParams, response: { 200: PartnerAccountView } },
      },
      async (request) => getPartnerAccount(ctx, request.params.partnerId),
    );
    app.patch(
      '/api/v1/partners/:partnerId/status',
      {
        config: { access: { staff: ['admin', 'consultant'] } },
        schema: { tags, params: PartnerParams, body: StatusBody, response: { 200: PartnerView } },
      },
      async (request) =>
        changePartnerStatus(ctx, requireActor(request), request.params.partnerId, request.body.status),
    );
    app.put(
      '/api/v1/partners/:partnerId/consultant',
      {
        config: { access: { staff: ['admin'] } },
        schema: { tags, params: PartnerParams, body: ConsultantBody, response: { 200: PartnerView } },
      },
      async (request) =>
        assignConsultant(ctx, requireActor(request), request.params.partnerId, request.body.consultantUserId),
    );
    app.put(
      '/api/v1/partners/:partnerId/support-hours',
      {
        config: { access: { partner: 'manage' } },
        schema: { tags, params: PartnerParams, body: SupportHoursBody, response: { 200: PartnerView } },
      },
      async (request) =>
        updateSupportHours(ctx, requireActor(request), request.params.partnerId, request.body),
    );

    app.post(
      '/api/v1/partners/:partnerId/integration/pause',
      {
        config: { access: { partner: 'manage' } },
        schema: { tags, params: PartnerParams, body: PauseBody, response: { 200: PartnerView } },
      },
      async (request) => {
        const expectedEnd = request.body.expectedEnd
          ? toInstant('expectedEnd', request.body.expectedEnd)
          : null;
        return pauseIntegration(ctx, requireActor(request), request.params.partnerId, {
          reason: request.body.reason,
          expectedEnd,
        });
      },
    );
    app.post(
      '/api/v1/partners/:partnerId/integration/resume',
      {
        config: { access: { partner: 'manage' } },
        schema: { tags, params: PartnerParams, response: { 200: PartnerView } },
      },
      async (request) => resumeIntegration(ctx, requireActor(request), request.params.partnerId),
    );
    app.post(
      '/api/v1/partners/:partnerId/integration/disable',
      {
        config: { access: { staff: ['admin'] } },
        schema: { tags, params: PartnerParams, body: ReasonBody, response: { 200: PartnerView } },
      },
      async (request) =>
        disableIntegration(ctx, requireActor(request), request.params.partnerId, request.body.reason),
    );
    app.post(
      '/api/v1/partners/:partnerId/integration/enable',
      {
        config: { access: { staff: ['admin'] } },
        schema: { tags, params: PartnerParams, response: { 200: PartnerView } },
      },
      async (request) => enableIntegration(ctx, requireActor(request), request.params.partnerId),
    );

    app.get(
      '/api/v1/integrations',
      {
        config: { access: { ingest: true } },
        schema: { tags: ['integrations'], response: { 200: Type.Array(IntegrationView) } },
      },
      async () => listIntegrationStates(ctx),
    );
  };
}
