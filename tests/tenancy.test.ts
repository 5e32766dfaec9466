import { beforeAll, expect, it } from 'vitest';
import type { Access, RouteEntry } from '../src/server/auth/access.js';
import { openTestEscalation } from '../src/server/health/escalations/fixtures.js';
import { STAFF_ROLES, type StaffRole } from '../src/shared/roles.js';
import { describeEachDatabase } from './support/databases.js';
import { type Agent, buildPartner, signedInUser } from './support/factories.js';
import { createPartnerResources } from './support/partner-resources.js';
import { useTestApp } from './support/test-app.js';

/**
 * Who may call each API route, written out so that a changed rule shows up in review. A new route fails the
 * test until it has an entry here.
 */
const EXPECTED_ACCESS: Record<string, Access> = {
  'GET /api/v1/jobs': { staff: ['admin'] },
  'POST /api/v1/jobs/:jobId/retry': { staff: ['admin'] },
  'GET /api/v1/meta': { public: true },
  'POST /api/v1/auth/login': { public: true },
  'POST /api/v1/auth/logout': { signedIn: true },
  'GET /api/v1/auth/me': { signedIn: true },
  'PATCH /api/v1/auth/me': { signedIn: true },
  'GET /api/v1/users': { staff: ['admin'] },
  'POST /api/v1/users': { staff: ['admin'] },
  'PATCH /api/v1/users/:userId': { staff: ['admin'] },
  'DELETE /api/v1/users/:userId': { staff: ['admin'] },
  'GET /api/v1/partners': { staff: 'any' },
  'POST /api/v1/partners': { staff: ['admin'] },
  'GET /api/v1/partners/:partnerId': { partner: 'read' },
  'PATCH /api/v1/partners/:partnerId/status': { staff: ['admin', 'consultant'] },
  'PUT /api/v1/partners/:partnerId/consultant': { staff: ['admin'] },
  'PUT /api/v1/partners/:partnerId/support-hours': { partner: 'manage' },
  'POST /api/v1/partners/:partnerId/integration/pause': { partner: 'manage' },
  'POST /api/v1/partners/:partnerId/integration/resume': { partner: 'manage' },
  'POST /api/v1/partners/:partnerId/integration/disable': { staff: ['admin'] },
  'POST /api/v1/partners/:partnerId/integration/enable': { staff: ['admin'] },
  'GET /api/v1/integrations': { ingest: true },
  'GET /api/v1/partners/:partnerId/tokens': { partner: 'manage' },
  'POST /api/v1/partners/:partnerId/tokens': { partner: 'manage' },
  'DELETE /api/v1/partners/:partnerId/tokens/:tokenId': { partner: 'manage' },
  'GET /api/v1/ingest-tokens': { staff: ['admin'] },
  'POST /api/v1/ingest-tokens': { staff: ['admin'] },
  'DELETE /api/v1/ingest-tokens/:tokenId': { staff: ['admin'] },
  'GET /api/v1/partners/:partnerId/members': { partner: 'read' },
  'PATCH /api/v1/partners/:partnerId/members/:userId': { partner: 'manage' },
  'DELETE /api/v1/partners/:partnerId/members/:userId': { partner: 'manage' },
  'GET /api/v1/partners/:partnerId/invites': { partner: 'adminRead' },
  'POST /api/v1/partners/:partnerId/invites': { partner: 'manage' },
  'DELETE /api/v1/partners/:partnerId/invites/:inviteId': { partner: 'manage' },
  'GET /api/v1/invites/:token': { public: true },
  'POST /api/v1/invites/:token/accept': { public: true },
  'GET /api/v1/partners/:partnerId/contacts': { partner: 'read' },
  'POST /api/v1/partners/:partnerId/contacts': { partner: 'manage' },
  'PUT /api/v1/partners/:partnerId/contacts/:contactId': { partner: 'manage' },
  'DELETE /api/v1/partners/:partnerId/contacts/:contactId': { partner: 'manage' },
  'POST /api/v1/partners/:partnerId/contacts/:contactId/test': { partner: 'manage' },
  'GET /api/v1/partners/:partnerId/cases': { partner: 'read' },
  'POST /api/v1/partners/:partnerId/cases': { partner: 'read' },
  'GET /api/v1/partners/:partnerId/cases/:caseId': { partner: 'read' },
  'POST /api/v1/partners/:partnerId/cases/:caseId/comments': { partner: 'read' },
  'GET /api/v1/partners/:partnerId/cases/similar': { partner: 'read' },
  // Staff-only and triage-only moves on a partner's case: the service refuses others (tests in cases/).
  'PATCH /api/v1/partners/:partnerId/cases/:caseId': { partner: 'read' },
  'POST /api/v1/partners/:partnerId/cases/:caseId/triage': { partner: 'read' },
  'PUT /api/v1/partners/:partnerId/cases/:caseId/subscription': { partner: 'read' },
  'POST /api/v1/partners/:partnerId/cases/:caseId/attachments': { partner: 'read' },
  'GET /api/v1/partners/:partnerId/cases/:caseId/attachments/:attachmentId': { partner: 'read' },
  'GET /api/v1/cases': { staff: 'any' },
  'GET /api/v1/cases/:caseId': { staff: 'any' },
  'GET /api/v1/cases/triage': { staff: ['triage', 'admin'] },
  'GET /api/v1/cases/assigned': { staff: 'any' },
  'GET /api/v1/reports/cases': { staff: 'any' },
  'GET /api/v1/reports/cases.csv': { staff: 'any' },
  'GET /api/v1/case-views': { staff: 'any' },
  'POST /api/v1/case-views': { staff: 'any' },
  'DELETE /api/v1/case-views/:viewId': { staff: 'any' },
  'POST /api/v1/leads': { public: true },
  'GET /api/v1/leads': { staff: 'any' },
  'POST /api/v1/leads/:leadId/convert': { staff: ['admin', 'consultant'] },
  'GET /api/v1/partners/:partnerId/audit': { partner: 'adminRead' },
  'GET /api/v1/audit': { staff: 'any' },
  'GET /api/v1/outbox': { staff: ['admin'] },
  'GET /api/v1/schedules': { staff: 'any' },
  'POST /api/v1/schedules': { staff: ['admin', 'oncall_engineer'] },
  'GET /api/v1/schedules/:scheduleId': { staff: 'any' },
  'PUT /api/v1/schedules/:scheduleId': { staff: ['admin', 'oncall_engineer'] },
  'DELETE /api/v1/schedules/:scheduleId': { staff: ['admin', 'oncall_engineer'] },
  'POST /api/v1/schedules/:scheduleId/overrides': { staff: ['admin', 'oncall_engineer'] },
  'DELETE /api/v1/schedules/:scheduleId/overrides/:overrideId': { staff: ['admin', 'oncall_engineer'] },
  'GET /api/v1/schedules/:scheduleId/oncall': { staff: 'any' },
  'GET /api/v1/schedules/:scheduleId/timeline': { staff: 'any' },
  'GET /api/v1/me/oncall-feed': { staff: 'any' },
  'GET /api/v1/teams': { staff: 'any' },
  'POST /api/v1/teams': { staff: ['admin', 'oncall_engineer'] },
  'GET /api/v1/teams/:teamId': { staff: 'any' },
  'PUT /api/v1/teams/:teamId': { staff: ['admin', 'oncall_engineer'] },
  'DELETE /api/v1/teams/:teamId': { staff: ['admin', 'oncall_engineer'] },
  'GET /api/v1/staff-directory': { staff: 'any' },
  'GET /api/v1/escalation-policies': { staff: 'any' },
  'POST /api/v1/escalation-policies': { staff: ['admin', 'oncall_engineer'] },
  'GET /api/v1/escalation-policies/:policyId': { staff: 'any' },
  'PUT /api/v1/escalation-policies/:policyId': { staff: ['admin', 'oncall_engineer'] },
  'DELETE /api/v1/escalation-policies/:policyId': { staff: ['admin', 'oncall_engineer'] },
  'GET /api/v1/services': { staff: 'any' },
  'POST /api/v1/services': { staff: ['admin', 'oncall_engineer'] },
  'GET /api/v1/services/:serviceId': { staff: 'any' },
  'PUT /api/v1/services/:serviceId': { staff: ['admin', 'oncall_engineer'] },
  'DELETE /api/v1/services/:serviceId': { staff: ['admin', 'oncall_engineer'] },
  'POST /api/v1/services/:serviceId/integrations': { staff: ['admin', 'oncall_engineer'] },
  'DELETE /api/v1/services/:serviceId/integrations/:integrationId': { staff: ['admin', 'oncall_engineer'] },
  'GET /api/v1/oncall-settings': { staff: 'any' },
  'PUT /api/v1/oncall-settings': { staff: ['admin'] },
  'GET /api/v1/pages': { staff: 'any' },
  'POST /api/v1/pages': { staff: 'any' },
  'GET /api/v1/pages/:pageId': { staff: 'any' },
  'POST /api/v1/pages/:pageId/acknowledge': { staff: 'any' },
  'POST /api/v1/pages/:pageId/resolve': { staff: 'any' },
  'POST /api/v1/pages/:pageId/reassign': { staff: 'any' },
  'POST /api/v1/pages/:pageId/snooze': { staff: 'any' },
  'GET /api/v1/page-actions/:token': { public: true },
  'POST /api/v1/page-actions/:token': { public: true },
  'GET /api/v1/me/notification-rules': { staff: 'any' },
  'PUT /api/v1/me/notification-rules': { staff: 'any' },
  'GET /api/v1/me/webhook': { staff: 'any' },
  'PUT /api/v1/me/webhook': { staff: 'any' },
  'DELETE /api/v1/me/webhook': { staff: 'any' },
  'GET /api/v1/me/notifications': { staff: 'any' },
  'POST /api/v1/me/notifications/read': { staff: 'any' },
  'GET /api/v1/me/notifications/stream': { staff: 'any' },
  // The integration key in the URL authenticates the monitor.
  'POST /api/v1/integrations/alertmanager/:key': { public: true },
  'POST /api/v1/signals': { ingest: true },
  'GET /api/v1/health-rules': { staff: 'any' },
  'PUT /api/v1/health-rules': { staff: ['admin'] },
  'GET /api/v1/partners/:partnerId/health-rules': { partner: 'read' },
  'PUT /api/v1/partners/:partnerId/health-rules': { staff: ['admin'] },
  'GET /api/v1/partners/:partnerId/escalations': { partner: 'read' },
  'GET /api/v1/partners/:partnerId/escalations/:escalationId': { partner: 'read' },
  // Any member may acknowledge or comment: the plan wakes whoever is on call, not only admins.
  'POST /api/v1/partners/:partnerId/escalations/:escalationId/acknowledge': { partner: 'read' },
  'POST /api/v1/partners/:partnerId/escalations/:escalationId/comments': { partner: 'read' },
  'POST /api/v1/partners/:partnerId/escalations/:escalationId/page': { staff: 'any' },
  'POST /api/v1/partners/:partnerId/escalations/:escalationId/disable-integration': { staff: ['admin'] },
  'GET /api/v1/escalations': { staff: 'any' },
  'GET /api/v1/partners/:partnerId/health': { partner: 'read' },
  'GET /api/v1/health/overview': { staff: 'any' },
  'GET /api/v1/escalation-links/:token': { public: true },
  'POST /api/v1/escalation-links/:token': { public: true },
  'GET /api/v1/ical/schedules/:file': { public: true },
  'GET /api/v1/ical/users/:file': { public: true },
  'GET /api/v1/business-calendars': { staff: 'any' },
  'POST /api/v1/business-calendars': { staff: ['admin'] },
  'GET /api/v1/business-calendars/:calendarId': { staff: 'any' },
  'PUT /api/v1/business-calendars/:calendarId': { staff: ['admin'] },
  'DELETE /api/v1/business-calendars/:calendarId': { staff: ['admin'] },
  'GET /api/v1/business-calendars/:calendarId/closed-days': { staff: 'any' },
  'POST /api/v1/business-calendars/:calendarId/closures/import': { staff: ['admin'] },
  'GET /api/v1/sla-policies': { staff: 'any' },
  'POST /api/v1/sla-policies': { staff: ['admin'] },
  'GET /api/v1/sla-policies/:policyId': { staff: 'any' },
  'PUT /api/v1/sla-policies/:policyId': { staff: ['admin'] },
  'DELETE /api/v1/sla-policies/:policyId': { staff: ['admin'] },
};

/*
 * Walks every registered API route. A partner user must get 404 for anything of another partner:
 * the other partner's id, or the other partner's sub-resource under their own id. Staff-only and
 * ingest routes must refuse partner users. A new route parameter without a fixture here fails the test.
 */
const isPartnerRoute = (access: Access) => 'partner' in access;
const fill = (url: string, ids: Record<string, string>) =>
  url.replace(/:(\w+)/g, (_, name: string) => {
    const id = ids[name];
    if (!id) throw new Error(`tenancy walk has no fixture for :${name} (${url}); add one`);
    return id;
  });
const paramsOf = (url: string) => [...url.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
// Business calendars and SLA policies belong to no partner and are staff-only: any well-formed id serves the walk.
const PLATFORM_IDS = {
  calendarId: '00000000-0000-4000-8000-000000000000',
  policyId: '00000000-0000-4000-8000-000000000000',
};

describeEachDatabase('tenancy wall', (kind) => {
  const t = useTestApp(kind);
  let mine: Record<string, string>;
  let theirs: Record<string, string>;
  let partnerAdminA: Agent;
  let partnerMemberA: Agent;
  const staff = {} as Record<StaffRole, Agent>;

  async function partnerWithResources(name: string) {
    const partner = await buildPartner(t, { name });
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const ids = {
      ...(await createPartnerResources(admin, partner.id)),
      ...PLATFORM_IDS,
      escalationId: await openTestEscalation(t.ctx, partner.id),
    };
    return { admin, ids };
  }

  beforeAll(async () => {
    const a = await partnerWithResources('Partner A');
    const b = await partnerWithResources('Partner B');
    partnerAdminA = a.admin;
    mine = a.ids;
    theirs = b.ids;
    partnerMemberA = await signedInUser(t, { role: 'partner_member', partnerId: mine.partnerId });
    for (const role of STAFF_ROLES) staff[role] = await signedInUser(t, { role });
  });

  const sendAs = (agent: Agent, route: RouteEntry, url: string) =>
    agent.request({
      method: route.method as 'GET',
      url,
      ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
    });
  const send = (route: RouteEntry, url: string) => sendAs(partnerAdminA, route, url);
  const partnerLevel = (route: RouteEntry) => ('partner' in route.access ? route.access.partner : null);

  it('declares for every API route exactly the access rule in the expected table', () => {
    const declared = Object.fromEntries(t.routes.map((r) => [`${r.method} ${r.url}`, r.access]));
    expect(declared).toEqual(EXPECTED_ACCESS);
  });

  // PagerDuty's Events API keeps PagerDuty's path, outside /api/v1 and so outside the table above: the routing key
  // in the body authenticates, so it must answer without a session, in PagerDuty's words.
  it('answers POST /v2/enqueue without a session or token', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/v2/enqueue', payload: {} });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: 'invalid event', message: 'Event object is invalid' });
  });

  it('lets only platform admins among staff use partner manage routes', async () => {
    const manage = t.routes.filter((r) => partnerLevel(r) === 'manage');
    expect(manage.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const role of STAFF_ROLES.filter((r) => r !== 'admin')) {
      for (const route of manage) {
        const response = await sendAs(staff[role], route, fill(route.url, mine));
        if (response.statusCode !== 403)
          failures.push(`${role} ${route.method} ${route.url} → ${response.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
    // The refusal is about the role: the platform admin reads the same partner's manage views.
    for (const route of manage.filter((r) => r.method === 'GET')) {
      expect((await sendAs(staff.admin, route, fill(route.url, mine))).statusCode, route.url).toBe(200);
    }
  });

  it('refuses partner members on adminRead and manage routes, and lets them and all staff read', async () => {
    const failures: string[] = [];
    for (const route of t.routes.filter(
      (r) => partnerLevel(r) === 'adminRead' || partnerLevel(r) === 'manage',
    )) {
      const response = await sendAs(partnerMemberA, route, fill(route.url, mine));
      if (response.statusCode !== 403)
        failures.push(`member ${route.method} ${route.url} → ${response.statusCode}`);
    }
    // Allowed reads answer 200; allowed writes get as far as checking the empty JSON body: 400, or 415 on the
    // upload route, which takes only multipart/form-data. Acknowledging an escalation takes no body: the member
    // acknowledges partner A's escalation (200).
    const readable = t.routes.filter((r) => partnerLevel(r) === 'read' || partnerLevel(r) === 'adminRead');
    for (const [who, agent] of [['member', partnerMemberA], ...Object.entries(staff)] as [string, Agent][]) {
      for (const route of readable) {
        if (who === 'member' && partnerLevel(route) === 'adminRead') continue;
        if (who !== 'member' && route.method !== 'GET') continue;
        const response = await sendAs(agent, route, fill(route.url, mine));
        const expected =
          route.method === 'GET' || route.url.endsWith('/acknowledge')
            ? 200
            : route.url.endsWith('/attachments')
              ? 415
              : 400;
        if (response.statusCode !== expected)
          failures.push(`${who} ${route.method} ${route.url} → ${response.statusCode}, expected ${expected}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses staff roles a staff-only route does not list, and non-admin staff on ingest routes', async () => {
    const failures: string[] = [];
    for (const route of t.routes) {
      const { access } = route;
      const refused = STAFF_ROLES.filter((role) =>
        'staff' in access
          ? access.staff !== 'any' && !access.staff.includes(role)
          : 'ingest' in access && role !== 'admin',
      );
      for (const role of refused) {
        const response = await sendAs(staff[role], route, fill(route.url, mine));
        if (response.statusCode !== 403)
          failures.push(`${role} ${route.method} ${route.url} → ${response.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("gives partner A's admin 404 for every route on partner B", async () => {
    const failures: string[] = [];
    for (const route of t.routes.filter((r) => isPartnerRoute(r.access))) {
      const response = await send(route, fill(route.url, theirs));
      if (response.statusCode !== 404) failures.push(`${route.method} ${route.url} → ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it("gives 404 for partner B's sub-resources reached under partner A's own id", async () => {
    const failures: string[] = [];
    const nested = t.routes.filter((r) => isPartnerRoute(r.access) && paramsOf(r.url).length > 1);
    expect(nested.length).toBeGreaterThan(0);
    for (const route of nested) {
      const response = await send(route, fill(route.url, { ...theirs, partnerId: mine.partnerId as string }));
      if (response.statusCode !== 404) failures.push(`${route.method} ${route.url} → ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('lets partner A reach its own resources (so the 404s above are about the wall)', async () => {
    expect(
      (await partnerAdminA.request({ method: 'GET', url: `/api/v1/partners/${mine.partnerId}` })).statusCode,
    ).toBe(200);
    expect(
      (await partnerAdminA.request({ method: 'GET', url: `/api/v1/partners/${mine.partnerId}/tokens` }))
        .statusCode,
    ).toBe(200);
  });

  it('refuses partner users on every staff-only and ingest route', async () => {
    const failures: string[] = [];
    for (const route of t.routes.filter((r) => 'staff' in r.access || 'ingest' in r.access)) {
      const response = await send(route, fill(route.url, theirs));
      if (response.statusCode !== 403) failures.push(`${route.method} ${route.url} → ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });
});
