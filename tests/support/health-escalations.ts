import { and, asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import type { DatabaseKind } from '../../src/server/db/client.js';
import {
  contacts,
  healthEscalationEvents,
  healthEscalations,
  jobs,
  notifications,
} from '../../src/server/db/schema/index.js';
import { evaluateArea, finding } from '../../src/server/health/escalations/fixtures.js';
import { MINUTE } from '../../src/server/lib/clock.js';
import type { ContactRole } from '../../src/shared/contacts.js';
import type { Locale } from '../../src/shared/locales.js';
import { buildPartner, signedInUser, unique } from './factories.js';
import { startSmtpServer } from './smtp.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * A test app with a real SMTP server for the partner-health escalation tests, and what they read back: contacts
 * made by role, the notices queued, an escalation's row, timeline and timers, and timers run by hand.
 */
export function useEscalationApp(kind: DatabaseKind) {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(kind, { config: { smtpUrl: smtp.url } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  async function contact(partnerId: string, role: ContactRole, locale: Locale = 'en', webhookUrl?: string) {
    const now = t.clock.now();
    const [row] = await t.ctx.db
      .insert(contacts)
      .values({
        partnerId,
        role,
        name: `${role} contact`,
        email: `${unique(role)}@example.test`,
        locale,
        webhookUrl: webhookUrl ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('no contact');
    return row;
  }

  /** Every escalation mail and webhook queued for the partner, oldest first. */
  const sent = (partnerId: string) =>
    t.ctx.db
      .select({
        channel: notifications.channel,
        recipient: notifications.recipient,
        template: notifications.template,
        subject: notifications.subject,
      })
      .from(notifications)
      .where(and(eq(notifications.partnerId, partnerId), like(notifications.template, 'health_escalation%')))
      .orderBy(asc(notifications.id));
  const sentTo = async (partnerId: string, email: string) =>
    (await sent(partnerId)).filter((n) => n.recipient === email).map((n) => n.template);
  const timeline = (id: string) =>
    t.ctx.db
      .select()
      .from(healthEscalationEvents)
      .where(eq(healthEscalationEvents.escalationId, id))
      .orderBy(asc(healthEscalationEvents.id));
  const escalation = async (id: string) =>
    (await t.ctx.db.select().from(healthEscalations).where(eq(healthEscalations.id, id)))[0];
  const noticeJobs = (id: string) =>
    t.ctx.db
      .select({ key: jobs.singletonKey, runAt: jobs.runAt, status: jobs.status })
      .from(jobs)
      .where(like(jobs.singletonKey, `health-escalation:${id}:%`));
  /** Runs a timer by hand, as a repeated delivery would (one attempt), and answers how its job ended. */
  const runJobOnce = async (name: string, payload: Record<string, unknown>) => {
    const [job] = await t.ctx.db
      .insert(jobs)
      .values({ name, version: 1, payload, runAt: t.clock.now(), maxAttempts: 1, createdAt: t.clock.now() })
      .returning({ id: jobs.id });
    await t.worker.runDue();
    const [after] = await t.ctx.db
      .select({ status: jobs.status })
      .from(jobs)
      .where(eq(jobs.id, job?.id ?? -1));
    return after?.status;
  };
  const advance = async (minutes: number) => {
    t.clock.advance(minutes * MINUTE);
    await t.worker.runDue();
  };

  return {
    /** The app, once built (read it inside a test or hook). */
    get t() {
      return t;
    },
    get smtp() {
      return smtp;
    },
    contact,
    sent,
    sentTo,
    timeline,
    escalation,
    noticeJobs,
    runJobOnce,
    advance,
  };
}

/**
 * A partner with a member, one contact of the given role and an escalation of one finding at `action:checkout`,
 * its first notices sent; with the escalation's API paths.
 */
export async function partnerWithEscalation(
  t: TestApp,
  severity: 'critical' | 'medium' = 'critical',
  role: ContactRole = 'alert',
) {
  const partner = await buildPartner(t, { name: unique('Burger Hub') });
  const member = await signedInUser(t, { role: 'partner_member', partnerId: partner.id, name: 'Mia Member' });
  const now = t.clock.now();
  const [contact] = await t.ctx.db
    .insert(contacts)
    .values({
      partnerId: partner.id,
      role,
      name: 'Otto Oncall',
      email: `${unique('oncall')}@example.test`,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!contact) throw new Error('no contact');
  const id = (await evaluateArea(t.ctx, partner.id, 'action:checkout', [
    finding('action:checkout', 'burn_rate', severity),
  ])) as string;
  await t.worker.runDue();
  const base = `/api/v1/partners/${partner.id}/escalations`;
  return { partner, member, contact, id, base, url: `${base}/${id}` };
}

/** The acknowledge link's token from the last escalation notice mailed to `email`. */
export async function escalationLinkToken(t: TestApp, email: string) {
  const rows = await t.ctx.db
    .select({ body: notifications.body })
    .from(notifications)
    .where(and(eq(notifications.recipient, email), like(notifications.template, 'health_escalation%')))
    .orderBy(notifications.id);
  const token = rows.at(-1)?.body.match(/\/escalation-links\/([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error('no link in the mail');
  return token;
}
