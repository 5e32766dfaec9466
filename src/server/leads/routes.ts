import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/access.js';
import { Email } from '../auth/schemas.js';
import type { AppContext } from '../context.js';
import { NullableTimestamp, Text, Timestamp } from '../lib/schema-types.js';
import { convertLead, listLeads, registerInterest } from './service.js';

const InterestBody = Type.Object(
  {
    company: Type.String({ minLength: 1, maxLength: 200 }),
    contactName: Type.String({ minLength: 1, maxLength: 200 }),
    email: Email,
    countries: Type.Array(Type.String({ pattern: '^[A-Za-z]{2}$' }), { minItems: 1, maxItems: 60 }),
    merchantCount: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
    integrates: Text({ maxLength: 2000 }),
    website: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
const LeadView = Type.Object({
  id: Type.String(),
  company: Type.String(),
  contactName: Type.String(),
  email: Type.String(),
  countries: Type.Array(Type.String()),
  merchantCount: Type.Number(),
  integrates: Type.String(),
  status: Type.String(),
  partnerId: Type.Union([Type.String(), Type.Null()]),
  convertedAt: NullableTimestamp,
  createdAt: Timestamp,
});

export function leadRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/leads',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['leads'],
          body: InterestBody,
          response: { 202: Type.Object({ accepted: Type.Boolean() }) },
        },
      },
      async (request, reply) => reply.status(202).send(await registerInterest(ctx, request.body, request.ip)),
    );
    app.get(
      '/api/v1/leads',
      {
        config: { access: { staff: 'any' } },
        schema: { tags: ['leads'], response: { 200: Type.Array(LeadView) } },
      },
      async () => listLeads(ctx),
    );
    app.post(
      '/api/v1/leads/:leadId/convert',
      {
        config: { access: { staff: ['admin', 'consultant'] } },
        schema: {
          tags: ['leads'],
          params: Type.Object({ leadId: Type.String({ format: 'uuid' }) }),
          body: Type.Object(
            { status: Type.Union([Type.Literal('interested'), Type.Literal('integrating')]) },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({
              partnerId: Type.String(),
              inviteId: Type.String(),
              /** How the invitation travels: email, or kept in the outbox without SMTP_URL. */
              delivery: Type.Union([Type.Literal('email'), Type.Literal('outbox')]),
            }),
          },
        },
      },
      async (request, reply) => {
        const { partner, invite, delivery } = await convertLead(
          ctx,
          requireActor(request),
          request.params.leadId,
          request.body.status,
        );
        return reply.status(201).send({ partnerId: partner.id, inviteId: invite.id, delivery });
      },
    );
  };
}
