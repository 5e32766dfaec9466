import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PARTNER_ROLES, type PartnerRole } from '../../shared/roles.js';
import { requireActor } from '../auth/access.js';
import { setSessionCookie } from '../auth/cookie.js';
import { Email, LocaleSchema, SessionView } from '../auth/schemas.js';
import { ownedByPartner, type Tenancy } from '../auth/tenancy.js';
import type { AppContext } from '../context.js';
import { invites, users } from '../db/schema/index.js';
import { Secret, Timestamp } from '../lib/schema-types.js';
import { UserDetails } from '../users/schemas.js';
import { acceptInvite, describeInvite, inviteMember, listPendingInvites, revokeInvite } from './invites.js';
import { changeMemberRole, listMembers, removeMember } from './service.js';

const PartnerRoleSchema = Type.Unsafe<PartnerRole>(Type.String({ enum: [...PARTNER_ROLES] }));
const InviteView = Type.Object({
  id: Type.String(),
  partnerId: Type.String(),
  email: Type.String(),
  role: PartnerRoleSchema,
  expiresAt: Timestamp,
  createdAt: Timestamp,
});
const PartnerParams = Type.Object({ partnerId: Type.String() });
const MemberParams = Type.Object({ partnerId: Type.String(), userId: Type.String() });
const InviteParams = Type.Object({ partnerId: Type.String(), inviteId: Type.String() });
const TokenParams = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100 }) });

export function memberRoutes(ctx: AppContext, tenancy: Tenancy): FastifyPluginAsyncTypebox {
  tenancy.ownParam('userId', ownedByPartner(users));
  tenancy.ownParam('inviteId', ownedByPartner(invites));
  return async (app) => {
    const base = '/api/v1/partners/:partnerId';
    app.get(
      `${base}/members`,
      {
        config: { access: { partner: 'read' } },
        schema: { tags: ['members'], params: PartnerParams, response: { 200: Type.Array(UserDetails) } },
      },
      async (request) => listMembers(ctx, request.params.partnerId),
    );
    app.patch(
      `${base}/members/:userId`,
      {
        config: { access: { partner: 'manage' } },
        schema: {
          tags: ['members'],
          params: MemberParams,
          body: Type.Object({ role: PartnerRoleSchema }, { additionalProperties: false }),
          response: { 200: UserDetails },
        },
      },
      async (request) =>
        changeMemberRole(
          ctx,
          requireActor(request),
          request.params.partnerId,
          request.params.userId,
          request.body.role,
        ),
    );
    app.delete(
      `${base}/members/:userId`,
      { config: { access: { partner: 'manage' } }, schema: { tags: ['members'], params: MemberParams } },
      async (request, reply) => {
        await removeMember(ctx, requireActor(request), request.params.partnerId, request.params.userId);
        return reply.status(204).send();
      },
    );
    app.get(
      `${base}/invites`,
      {
        config: { access: { partner: 'adminRead' } },
        schema: { tags: ['members'], params: PartnerParams, response: { 200: Type.Array(InviteView) } },
      },
      async (request) => listPendingInvites(ctx, request.params.partnerId),
    );
    app.post(
      `${base}/invites`,
      {
        config: { access: { partner: 'manage' } },
        schema: {
          tags: ['members'],
          params: PartnerParams,
          body: Type.Object(
            { email: Email, role: PartnerRoleSchema, locale: Type.Optional(LocaleSchema) },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Intersect([
              InviteView,
              Type.Object({
                /** email: sent over SMTP; outbox: no mail server is configured, the link waits in the outbox. */
                delivery: Type.Union([Type.Literal('email'), Type.Literal('outbox')]),
              }),
            ]),
          },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const locale = request.body.locale ?? (actor.kind === 'user' ? actor.user.locale : 'en');
        const input = {
          partnerId: request.params.partnerId,
          email: request.body.email,
          role: request.body.role,
          locale,
        };
        return reply.status(201).send(await inviteMember(ctx, actor, input));
      },
    );
    app.delete(
      `${base}/invites/:inviteId`,
      { config: { access: { partner: 'manage' } }, schema: { tags: ['members'], params: InviteParams } },
      async (request, reply) => {
        await revokeInvite(ctx, requireActor(request), request.params.partnerId, request.params.inviteId);
        return reply.status(204).send();
      },
    );

    app.get(
      '/api/v1/invites/:token',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['members'],
          params: TokenParams,
          response: {
            200: Type.Object({
              email: Type.String(),
              role: PartnerRoleSchema,
              partnerName: Type.String(),
              expiresAt: Timestamp,
            }),
          },
        },
      },
      async (request) => describeInvite(ctx, request.params.token),
    );
    app.post(
      '/api/v1/invites/:token/accept',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['members'],
          params: TokenParams,
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 200 }),
              password: Secret({ minLength: 12, maxLength: 1024 }),
              locale: Type.Optional(LocaleSchema),
            },
            { additionalProperties: false },
          ),
          response: { 200: SessionView },
        },
      },
      async (request, reply) => {
        const meta = { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
        const result = await acceptInvite(ctx, request.params.token, request.body, meta);
        setSessionCookie(request, reply, result.token, ctx.config.sessionMaxHours * 3600);
        return { user: result.user, csrfToken: result.csrfToken };
      },
    );
  };
}
