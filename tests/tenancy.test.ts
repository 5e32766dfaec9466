import { beforeAll, expect, it } from 'vitest';
import type { Access, RouteEntry } from '../src/server/auth/access.js';
import { describeEachDatabase } from './support/databases.js';
import { type Agent, buildPartner, signedInUser, unique } from './support/factories.js';
import { useTestApp } from './support/test-app.js';

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

describeEachDatabase('tenancy wall', (kind) => {
  const t = useTestApp(kind);
  let mine: Record<string, string>;
  let theirs: Record<string, string>;
  let partnerAdminA: Agent;

  async function partnerWithResources(name: string) {
    const partner = await buildPartner(t, { name });
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    const create = async (path: string, payload: object) => {
      const response = await admin.request({
        method: 'POST',
        url: `/api/v1/partners/${partner.id}/${path}`,
        payload,
      });
      if (response.statusCode >= 300)
        throw new Error(`fixture ${path}: ${response.statusCode} ${response.body}`);
      return response.json().id as string;
    };
    const ids = {
      partnerId: partner.id,
      userId: admin.user.id,
      tokenId: await create('tokens', { name: 't' }),
      contactId: await create('contacts', {
        role: 'alert',
        name: 'On call',
        email: `${name.replace(/\W/g, '')}@example.test`,
      }),
      inviteId: await create('invites', {
        email: `${unique('invitee')}@example.test`,
        role: 'partner_member',
      }),
      caseId: await create('cases', {
        category: 'technical_support',
        subject: 'Menu sync',
        description: 'Prices are stale',
      }),
      jobId: '1',
      leadId: '00000000-0000-4000-8000-000000000000',
    };
    return { admin, ids };
  }

  beforeAll(async () => {
    const a = await partnerWithResources('Partner A');
    const b = await partnerWithResources('Partner B');
    partnerAdminA = a.admin;
    mine = a.ids;
    theirs = b.ids;
  });

  const send = (route: RouteEntry, url: string) =>
    partnerAdminA.request({
      method: route.method as 'GET',
      url,
      ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
    });

  it('guards every API route with a declared access rule', () => {
    expect(t.routes.length).toBeGreaterThan(10);
    expect(t.routes.filter((r) => isPartnerRoute(r.access)).length).toBeGreaterThan(20);
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
