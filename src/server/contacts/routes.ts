import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CONTACT_ROLES, type ContactRole } from '../../shared/contacts.js';
import { requireActor } from '../auth/access.js';
import { Email, LocaleSchema } from '../auth/schemas.js';
import { ownedByPartner, type Tenancy } from '../auth/tenancy.js';
import type { AppContext } from '../context.js';
import { contacts } from '../db/schema/index.js';
import { Timestamp } from '../lib/schema-types.js';
import { addContact, listContacts, removeContact, sendTestNotification, updateContact } from './service.js';

const ContactRoleSchema = Type.Unsafe<ContactRole>(Type.String({ enum: [...CONTACT_ROLES] }));
const ContactBody = Type.Object(
  {
    role: ContactRoleSchema,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Email,
    phone: Type.Optional(
      Type.Union([Type.String({ maxLength: 40, pattern: '^[+0-9 ()./-]*$' }), Type.Null()]),
    ),
    webhookUrl: Type.Optional(
      Type.Union([Type.String({ maxLength: 2000, pattern: '^(https?://.+)?$' }), Type.Null()]),
    ),
    locale: Type.Optional(LocaleSchema),
  },
  { additionalProperties: false },
);
const ContactView = Type.Object({
  id: Type.String(),
  partnerId: Type.String(),
  role: ContactRoleSchema,
  name: Type.String(),
  email: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  webhookUrl: Type.Union([Type.String(), Type.Null()]),
  /** Signs what Switchboard posts to webhookUrl (`X-Switchboard-Signature`); set with the first delivery. */
  webhookSecret: Type.Union([Type.String(), Type.Null()]),
  locale: LocaleSchema,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const PartnerParams = Type.Object({ partnerId: Type.String() });
const ContactParams = Type.Object({ partnerId: Type.String(), contactId: Type.String() });

export function contactRoutes(ctx: AppContext, tenancy: Tenancy): FastifyPluginAsyncTypebox {
  tenancy.ownParam('contactId', ownedByPartner(contacts));
  return async (app) => {
    const base = '/api/v1/partners/:partnerId/contacts';
    app.get(
      base,
      {
        config: { access: { partner: 'read' } },
        schema: { tags: ['contacts'], params: PartnerParams, response: { 200: Type.Array(ContactView) } },
      },
      async (request) => listContacts(ctx, request.params.partnerId),
    );
    app.post(
      base,
      {
        config: { access: { partner: 'manage' } },
        schema: {
          tags: ['contacts'],
          params: PartnerParams,
          body: ContactBody,
          response: { 201: ContactView },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await addContact(ctx, requireActor(request), request.params.partnerId, request.body)),
    );
    app.put(
      `${base}/:contactId`,
      {
        config: { access: { partner: 'manage' } },
        schema: {
          tags: ['contacts'],
          params: ContactParams,
          body: ContactBody,
          response: { 200: ContactView },
        },
      },
      async (request) =>
        updateContact(
          ctx,
          requireActor(request),
          request.params.partnerId,
          request.params.contactId,
          request.body,
        ),
    );
    app.delete(
      `${base}/:contactId`,
      { config: { access: { partner: 'manage' } }, schema: { tags: ['contacts'], params: ContactParams } },
      async (request, reply) => {
        await removeContact(ctx, requireActor(request), request.params.partnerId, request.params.contactId);
        return reply.status(204).send();
      },
    );
    app.post(
      `${base}/:contactId/test`,
      {
        config: { access: { partner: 'manage' } },
        schema: {
          tags: ['contacts'],
          params: ContactParams,
          response: {
            202: Type.Object({
              notificationId: Type.Number(),
              webhookNotificationId: Type.Union([Type.Number(), Type.Null()]),
            }),
          },
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(
            await sendTestNotification(
              ctx,
              requireActor(request),
              request.params.partnerId,
              request.params.contactId,
            ),
          ),
    );
  };
}
