import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll } from 'vitest';
import type { DatabaseKind } from '../../src/server/db/client.js';
import { caseEvents } from '../../src/server/db/schema/index.js';
import type { Locale } from '../../src/shared/locales.js';
import { type Agent, buildPartner, signedInUser } from './factories.js';
import { type TestApp, useTestApp } from './test-app.js';

/** A case as the API answers a filing; tests read more fields as they need them. */
export type FiledCase = { id: string; number: number } & Record<string, unknown>;

/** A partner whose member files cases and a support agent who works them, for the case services' tests. */
export interface CaseDesk {
  t: TestApp;
  partnerId: string;
  member: Agent;
  agent: Agent;
  /** `/api/v1/partners/<partnerId>/cases` */
  base: string;
  /** Files a technical support case as the member (or `who`), `payload` over the defaults; the answer's JSON. */
  file(payload?: object, who?: Agent): Promise<FiledCase>;
  /** PATCHes the case as the agent. */
  patch(caseId: string, payload: object): Promise<LightMyRequestResponse>;
  /** Posts a comment on the case as `who`. */
  reply(who: Agent, caseId: string, body: string, internal?: boolean): Promise<LightMyRequestResponse>;
}

/**
 * Registers the desk's setup for the enclosing describe: the clock at `start` (by default Monday 15 June 2026,
 * 10:00 in Berlin, partner support open), a fresh partner, its member (in `locale`) and a support agent.
 */
export function useCaseDesk(kind: DatabaseKind, options: { start?: string; locale?: Locale } = {}): CaseDesk {
  const t = useTestApp(kind);
  const desk: CaseDesk = {
    t,
    partnerId: '',
    member: undefined as unknown as Agent,
    agent: undefined as unknown as Agent,
    base: '',
    async file(payload = {}, who = desk.member) {
      const response = await who.request({
        method: 'POST',
        url: desk.base,
        payload: {
          category: 'technical_support',
          subject: 'Feed stale',
          description: 'Since 9:00',
          ...payload,
        },
      });
      return response.json() as FiledCase;
    },
    patch: (caseId, payload) =>
      desk.agent.request({ method: 'PATCH', url: `${desk.base}/${caseId}`, payload }),
    reply: (who, caseId, body, internal) =>
      who.request({ method: 'POST', url: `${desk.base}/${caseId}/comments`, payload: { body, internal } }),
  };
  beforeAll(async () => {
    t.clock.set(options.start ?? '2026-06-15T08:00:00Z');
    desk.partnerId = (await buildPartner(t)).id;
    desk.member = await signedInUser(t, {
      role: 'partner_member',
      partnerId: desk.partnerId,
      locale: options.locale ?? 'en',
    });
    desk.agent = await signedInUser(t, { role: 'support_agent' });
    desk.base = `/api/v1/partners/${desk.partnerId}/cases`;
  });
  return desk;
}

/** An API token of the partner, made by a partner admin: the headers that present it. */
export async function partnerTokenHeaders(t: TestApp, partnerId: string, name: string) {
  const admin = await signedInUser(t, { role: 'partner_admin', partnerId });
  const response = await admin.request({
    method: 'POST',
    url: `/api/v1/partners/${partnerId}/tokens`,
    payload: { name },
  });
  return { authorization: `Bearer ${response.json().secret as string}` };
}

/** The case's log after its filing, oldest first: `[type, data]` of each entry. */
export async function logAfterFiling(t: TestApp, caseId: string) {
  const events = await t.ctx.db
    .select()
    .from(caseEvents)
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(caseEvents.id);
  return events.slice(1).map((e) => [e.type, e.data]);
}
