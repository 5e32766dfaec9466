import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { auditRoutes } from './audit/routes.js';
import { installAccessControl, type RouteEntry } from './auth/access.js';
import { authRoutes } from './auth/routes.js';
import { createTenancy, type Tenancy } from './auth/tenancy.js';
import { attachmentRoutes } from './cases/attachment-routes.js';
import { caseRoutes } from './cases/routes.js';
import type { TrustProxy } from './config.js';
import { contactRoutes } from './contacts/routes.js';
import type { AppContext } from './context.js';
import { escalationRoutes } from './escalation/routes.js';
import { healthDashboardRoutes } from './health/dashboards/routes.js';
import { healthEscalationRoutes } from './health/escalations/routes.js';
import { healthRoutes } from './health/routes.js';
import { integrationRoutes } from './integrations/routes.js';
import { leadRoutes } from './leads/routes.js';
import { answerFrameworkError, installErrorHandler } from './lib/error-handler.js';
import { createMetrics, type Metrics } from './lib/metrics.js';
import { installOpenApi } from './lib/openapi.js';
import { installSpa } from './lib/spa.js';
import { installValidation } from './lib/validation.js';
import { memberRoutes } from './members/routes.js';
import { inAppRoutes } from './notifications/in-app-routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { oncallRoutes } from './oncall/routes.js';
import { profileRoutes } from './pages/profile-routes.js';
import { pageRoutes } from './pages/routes.js';
import { partnerRoutes } from './partners/routes.js';
import { webDistDir } from './paths.js';
import { slaRoutes } from './sla/routes.js';
import { systemRoutes } from './system/routes.js';
import { tokenRoutes } from './tokens/routes.js';
import { userRoutes } from './users/routes.js';

export interface BuiltApp {
  app: FastifyInstance;
  metrics: Metrics;
  tenancy: Tenancy;
  routes: RouteEntry[];
}

// The SPA loads only its own bundle; Mantine sets inline styles, hence 'unsafe-inline' for styles only.
const CONTENT_SECURITY_POLICY = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    upgradeInsecureRequests: null,
  },
};

/**
 * Fastify 5 answers a bare hop count by trusting nobody (it cannot check the immediate peer), so the
 * count becomes proxy-addr's classic rule: the nearest `hops` addresses, the socket's first, are proxies.
 */
function trustedProxies(trust: TrustProxy): ((address: string, hop: number) => boolean) | string[] | false {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
}

export async function buildApp(ctx: AppContext, options: { webDir?: string } = {}): Promise<BuiltApp> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: trustedProxies(ctx.config.trustProxy),
    frameworkErrors: answerFrameworkError,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const metrics = createMetrics();
  const tenancy = createTenancy();

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandler(app);
  installValidation(app);
  metrics.instrument(app);
  await app.register(fastifyHelmet, { contentSecurityPolicy: CONTENT_SECURITY_POLICY });
  await app.register(fastifyCookie);
  const routes = installAccessControl(app, ctx, tenancy);
  await installOpenApi(app);

  await app.register(systemRoutes(ctx, metrics));
  await app.register(authRoutes(ctx));
  await app.register(userRoutes(ctx));
  await app.register(partnerRoutes(ctx));
  await app.register(tokenRoutes(ctx, tenancy));
  await app.register(memberRoutes(ctx, tenancy));
  await app.register(contactRoutes(ctx, tenancy));
  await app.register(caseRoutes(ctx, tenancy));
  await app.register(attachmentRoutes(ctx, tenancy));
  await app.register(slaRoutes(ctx));
  await app.register(oncallRoutes(ctx));
  await app.register(escalationRoutes(ctx));
  await app.register(pageRoutes(ctx));
  await app.register(profileRoutes(ctx));
  await app.register(integrationRoutes(ctx));
  await app.register(healthRoutes(ctx, tenancy));
  await app.register(healthEscalationRoutes(ctx, tenancy));
  await app.register(healthDashboardRoutes(ctx, tenancy));
  await app.register(leadRoutes(ctx));
  await app.register(auditRoutes(ctx));
  await app.register(notificationRoutes(ctx));
  await app.register(inAppRoutes(ctx));

  await installSpa(app, options.webDir ?? webDistDir);
  await app.ready();
  tenancy.verify();
  return { app, metrics, tenancy, routes };
}
