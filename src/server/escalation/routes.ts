import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/access.js';
import type { AppContext } from '../context.js';
import { createPolicy, deletePolicy, getPolicy, listPolicies, updatePolicy } from './policies.js';
import {
  IntegrationBody,
  IntegrationView,
  PolicyBody,
  PolicyView,
  ServiceBody,
  ServiceView,
  SettingsBody,
} from './schemas.js';
import {
  addIntegration,
  createService,
  deleteService,
  getService,
  listServices,
  removeIntegration,
  updateService,
} from './services.js';
import { readOncallSettings, updateOncallSettings } from './settings.js';

const tags = ['on-call'];
const read = { staff: 'any' } as const;
const write = { staff: ['admin', 'oncall_engineer'] } as const;
const PolicyParams = Type.Object({ policyId: Type.String() });
const ServiceParams = Type.Object({ serviceId: Type.String() });

/** Escalation policies, services with their integrations, and the on-call settings. */
export function escalationRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const policies = '/api/v1/escalation-policies';
    app.get(
      policies,
      { config: { access: read }, schema: { tags, response: { 200: Type.Array(PolicyView) } } },
      async () => listPolicies(ctx),
    );
    app.post(
      policies,
      { config: { access: write }, schema: { tags, body: PolicyBody, response: { 201: PolicyView } } },
      async (request, reply) =>
        reply.status(201).send(await createPolicy(ctx, requireActor(request), request.body)),
    );
    app.get(
      `${policies}/:policyId`,
      { config: { access: read }, schema: { tags, params: PolicyParams, response: { 200: PolicyView } } },
      async (request) => getPolicy(ctx, request.params.policyId),
    );
    app.put(
      `${policies}/:policyId`,
      {
        config: { access: write },
        schema: {
          tags,
          summary: 'Open pages keep the policy they opened with',
          params: PolicyParams,
          body: PolicyBody,
          response: { 200: PolicyView },
        },
      },
      async (request) => updatePolicy(ctx, requireActor(request), request.params.policyId, request.body),
    );
    app.delete(
      `${policies}/:policyId`,
      { config: { access: write }, schema: { tags, params: PolicyParams } },
      async (request, reply) => {
        await deletePolicy(ctx, requireActor(request), request.params.policyId);
        return reply.status(204).send();
      },
    );

    const services = '/api/v1/services';
    app.get(
      services,
      { config: { access: read }, schema: { tags, response: { 200: Type.Array(ServiceView) } } },
      async () => listServices(ctx),
    );
    app.post(
      services,
      { config: { access: write }, schema: { tags, body: ServiceBody, response: { 201: ServiceView } } },
      async (request, reply) =>
        reply.status(201).send(await createService(ctx, requireActor(request), request.body)),
    );
    app.get(
      `${services}/:serviceId`,
      { config: { access: read }, schema: { tags, params: ServiceParams, response: { 200: ServiceView } } },
      async (request) => getService(ctx, request.params.serviceId),
    );
    app.put(
      `${services}/:serviceId`,
      {
        config: { access: write },
        schema: { tags, params: ServiceParams, body: ServiceBody, response: { 200: ServiceView } },
      },
      async (request) => updateService(ctx, requireActor(request), request.params.serviceId, request.body),
    );
    app.delete(
      `${services}/:serviceId`,
      { config: { access: write }, schema: { tags, params: ServiceParams } },
      async (request, reply) => {
        await deleteService(ctx, requireActor(request), request.params.serviceId);
        return reply.status(204).send();
      },
    );
    app.post(
      `${services}/:serviceId/integrations`,
      {
        config: { access: write },
        schema: { tags, params: ServiceParams, body: IntegrationBody, response: { 201: IntegrationView } },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await addIntegration(ctx, requireActor(request), request.params.serviceId, request.body.type),
          ),
    );
    app.delete(
      `${services}/:serviceId/integrations/:integrationId`,
      {
        config: { access: write },
        schema: { tags, params: Type.Object({ serviceId: Type.String(), integrationId: Type.String() }) },
      },
      async (request, reply) => {
        await removeIntegration(
          ctx,
          requireActor(request),
          request.params.serviceId,
          request.params.integrationId,
        );
        return reply.status(204).send();
      },
    );

    app.get(
      '/api/v1/oncall-settings',
      { config: { access: read }, schema: { tags, response: { 200: SettingsBody } } },
      async () => readOncallSettings(ctx.db),
    );
    app.put(
      '/api/v1/oncall-settings',
      {
        config: { access: { staff: ['admin'] } },
        schema: { tags, body: SettingsBody, response: { 200: SettingsBody } },
      },
      async (request) => updateOncallSettings(ctx, requireActor(request), request.body),
    );
  };
}
