import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isStaffRole, type StaffRole } from '../../shared/roles.js';
import type { AppContext } from '../context.js';
import { forbidden, notFound, unauthenticated } from '../lib/errors.js';
import { safeEqual } from '../lib/secrets.js';
import { authenticateToken } from '../tokens/service.js';
import type { Actor } from './actor.js';
import { findActiveSession, SESSION_COOKIE } from './sessions.js';
import { isUuid, type Tenancy } from './tenancy.js';

/**
 * Every /api route declares who may call it in `config.access`; this hook is the only place that
 * enforces it. `partner` routes carry :partnerId and are where the tenancy wall is checked.
 */
export type Access =
  | { public: true }
  | { signedIn: true }
  | { staff: 'any' | readonly StaffRole[] }
  | { ingest: true }
  | { partner: PartnerAccessLevel };

/** read: any member, partner token or staff; adminRead: partner admins and staff; manage: partner admins and platform admins. */
export type PartnerAccessLevel = 'read' | 'adminRead' | 'manage';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

async function resolveActor(ctx: AppContext, request: FastifyRequest): Promise<Actor | null> {
  const authorization = request.headers.authorization;
  if (authorization?.toLowerCase().startsWith('bearer ')) {
    const token = await authenticateToken(ctx, authorization.slice(7).trim());
    if (!token) throw unauthenticated('invalid or revoked API token');
    return { kind: 'token', token };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const session = await findActiveSession(ctx, cookie);
  if (!session) return null;
  return { kind: 'user', user: session.user, sessionIdHash: session.idHash, csrfToken: session.csrfToken };
}

function assertCsrf(request: FastifyRequest, actor: Actor | null): void {
  // Bearer tokens are not sent by browsers on their own, so only cookie sessions need the header.
  if (actor?.kind !== 'user' || SAFE_METHODS.has(request.method)) return;
  const sent = request.headers[CSRF_HEADER];
  // Constant-time, so response timing does not leak how much of the token an attacker guessed.
  if (typeof sent !== 'string' || !safeEqual(sent, actor.csrfToken)) {
    throw forbidden(`missing or invalid ${CSRF_HEADER} header`);
  }
}

async function assertPartnerAccess(
  ctx: AppContext,
  tenancy: Tenancy,
  actor: Actor,
  level: PartnerAccessLevel,
  params: Record<string, string>,
): Promise<void> {
  const partnerId = params.partnerId ?? '';
  if (!isUuid(partnerId)) throw notFound('partner');
  if (actor.kind === 'token') {
    if (actor.token.scope !== 'partner_api' || actor.token.partnerId !== partnerId) throw notFound('partner');
    if (level !== 'read') throw forbidden('API tokens cannot manage the partner account');
  } else if (isStaffRole(actor.user.role)) {
    if (level === 'manage' && actor.user.role !== 'admin')
      throw forbidden('only platform admins can do this');
    if (!(await tenancy.partnerExists(ctx.db, partnerId))) throw notFound('partner');
  } else {
    if (actor.user.partnerId !== partnerId) throw notFound('partner');
    if (level !== 'read' && actor.user.role !== 'partner_admin')
      throw forbidden('only partner admins can do this');
  }
  await tenancy.assertOwnedParams(ctx.db, partnerId, params);
}

async function authorize(
  ctx: AppContext,
  tenancy: Tenancy,
  request: FastifyRequest,
  access: Exclude<Access, { public: true }>,
) {
  const actor = request.actor;
  if (!actor) throw unauthenticated();
  if ('signedIn' in access) {
    if (actor.kind !== 'user') throw forbidden('this route needs a signed-in user');
    return;
  }
  if ('staff' in access) {
    const allowed =
      actor.kind === 'user' &&
      isStaffRole(actor.user.role) &&
      (access.staff === 'any' || access.staff.includes(actor.user.role));
    if (!allowed) throw forbidden('platform staff only');
    return;
  }
  if ('ingest' in access) {
    const ok =
      (actor.kind === 'token' && actor.token.scope === 'ingest') ||
      (actor.kind === 'user' && actor.user.role === 'admin');
    if (!ok) throw forbidden('needs an ingest token');
    return;
  }
  await assertPartnerAccess(ctx, tenancy, actor, access.partner, request.params as Record<string, string>);
}

export interface RouteEntry {
  method: string;
  url: string;
  access: Access;
}

/** Installs the hook; returns the catalogue of API routes it guards, filled as routes register. */
export function installAccessControl(app: FastifyInstance, ctx: AppContext, tenancy: Tenancy): RouteEntry[] {
  const catalogue: RouteEntry[] = [];
  app.decorateRequest('actor', null);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no config.access`);
    if ('partner' in access) tenancy.registerRoute(route.url);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') catalogue.push({ method, url: route.url, access });
    }
  });
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    // Public routes (health, metrics, login) need no actor; skipping the lookup keeps them off the database.
    if (!access || 'public' in access) return;
    request.actor = await resolveActor(ctx, request);
    assertCsrf(request, request.actor);
    await authorize(ctx, tenancy, request, access);
  });
  return catalogue;
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}
