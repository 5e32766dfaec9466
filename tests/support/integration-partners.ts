import { randomUUID } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import { expect } from 'vitest';
import { listAudit } from '../../src/server/audit/service.js';
import type { Actor } from '../../src/server/auth/actor.js';
import { toSessionUser } from '../../src/server/auth/sessions.js';
import { jobs } from '../../src/server/db/schema/index.js';
import { listOutbox } from '../../src/server/notifications/service.js';
import { type Agent, buildPartner, buildUser, signedInUser } from './factories.js';
import type { TestApp } from './test-app.js';

/** The account page's link, as the integration mails carry it. */
export const ACCOUNT_LINK = 'http://localhost:3000/account';

/** Partners whose integration the tests pause and resume, and what those moves leave behind. */
export function integrationPartners(t: TestApp) {
  /** A launched partner with an English admin and a German emergency contact, nothing else. */
  async function launchedPartner(name = `Partner ${randomUUID().slice(0, 8)}`) {
    const partner = await buildPartner(t, { status: 'launched', name });
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id, name: 'Ada Admin' });
    const pager = `pager-${partner.id.slice(0, 8)}@example.test`;
    const added = await admin.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/contacts`,
      payload: { role: 'technical_emergency', name: 'Pager', email: pager, locale: 'de' },
    });
    expect(added.statusCode).toBe(201);
    return { partner, admin, pager };
  }

  return {
    launchedPartner,
    /** POSTs an integration move (`pause`, `resume`, `disable` ...) as `agent`. */
    post: (agent: Agent, partnerId: string, action: string, payload?: object) =>
      agent.request({
        method: 'POST',
        url: `/api/v1/partners/${partnerId}/integration/${action}`,
        ...(payload ? { payload } : {}),
      }),
    /** The partner's account as `agent` reads it. */
    account: async (agent: Agent, partnerId: string) =>
      (await agent.request({ method: 'GET', url: `/api/v1/partners/${partnerId}` })).json(),
    integrationAudits: async (partnerId: string) =>
      (await listAudit(t.ctx, { partnerId })).filter((e) => e.action.startsWith('integration.')),
    mails: async (partnerId: string, template: string) =>
      (await listOutbox(t.ctx, { partnerId }))
        .filter((m) => m.template === template)
        .map((m) => ({ to: m.recipient, subject: m.subject, params: m.params }))
        // The partner's admin first, then its contacts.
        .sort((a, b) => Number(a.to.startsWith('pager-')) - Number(b.to.startsWith('pager-'))),
    /** The partner's queued timers (resume, reminder), soonest first. */
    timers: (partnerId: string) =>
      t.ctx.db
        .select({
          name: jobs.name,
          singletonKey: jobs.singletonKey,
          runAt: jobs.runAt,
          payload: jobs.payload,
        })
        .from(jobs)
        .where(and(eq(jobs.status, 'queued'), like(jobs.singletonKey, `%:${partnerId}`)))
        .orderBy(jobs.runAt),
    /** A partner admin of the partner, as the services see a signed-in user. */
    async userActor(partnerId: string): Promise<Actor> {
      const user = await buildUser(t, { role: 'partner_admin', partnerId });
      return { kind: 'user', user: toSessionUser(user), sessionIdHash: 'x', csrfToken: 'x' };
    },
  };
}
