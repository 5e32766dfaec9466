import { and, eq, isNotNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { contacts, healthEscalationEvents } from '../../db/schema/index.js';
import { MINUTE } from '../../lib/clock.js';
import { cancelJobsUnder, defineJob, enqueueJob } from '../../lib/jobs.js';
import { notifyContact } from '../../notifications/contact-channel.js';
import { queueEmail } from '../../notifications/service.js';
import { type NotificationStep, nextDueAfter, repeatIndex, stepsDueAt } from '../notification-plan.js';
import { issueEscalationLink } from './links.js';
import { type NoticeKind, noticeMessage } from './messages.js';
import { loadEscalationView } from './queries.js';
import {
  appendEscalationEvent,
  type EscalationRow,
  findEscalationEvent,
  lockEscalationIfAny,
  noticeKey,
  noticeTimersKey,
} from './row.js';

type Contact = typeof contacts.$inferSelect;

/** The timeline events that start a plan; their detail holds `planId` and the `plan` copied when it started. */
export const PLAN_EVENTS = ['opened', 'raised'] as const;

interface NoticeTimer {
  escalationId: string;
  planId: string;
  minute: number;
}

async function setNoticeTimer(ctx: AppContext, q: Queryable, row: EscalationRow, minute: number) {
  await enqueueJob(
    q,
    escalationNoticeJob(ctx),
    { escalationId: row.id, planId: row.planId, minute },
    {
      runAt: new Date(row.planStartedAt.getTime() + minute * MINUTE),
      singletonKey: noticeKey(row.id, row.planId, minute),
    },
  );
}

/** Sets the first notice of the row's current plan; `plan` was stored on the timeline with its planId. */
export async function startNotificationPlan(
  ctx: AppContext,
  q: Queryable,
  row: EscalationRow,
  plan: readonly NotificationStep[],
): Promise<void> {
  const first = nextDueAfter(plan, -1);
  if (first !== null) await setNoticeTimer(ctx, q, row, first);
}

/** Drops every pending notice of the escalation: acknowledged, resolved, or its plan replaced. */
export async function stopNotificationPlan(q: Queryable, escalationId: string): Promise<void> {
  await cancelJobsUnder(q, noticeTimersKey(escalationId));
}

const contactsWithRole = (q: Queryable, partnerId: string, role: Contact['role']) =>
  q
    .select()
    .from(contacts)
    .where(and(eq(contacts.partnerId, partnerId), eq(contacts.role, role)))
    .orderBy(contacts.createdAt, contacts.id);

/**
 * The steps due, each to the partner's contacts of its role with a fresh acknowledge link, recorded on the timeline
 * under the plan and the timer's minute: the record is how a repeated run knows it already sent.
 */
async function sendSteps(
  ctx: AppContext,
  q: Queryable,
  row: EscalationRow,
  due: { steps: readonly NotificationStep[]; minute: number; timerMinute: number },
): Promise<void> {
  const { minute } = due;
  const view = await loadEscalationView(ctx, q, row.id);
  const kind: NoticeKind = minute > 0 ? 'reminder' : (await isRaisedPlan(q, row)) ? 'raised' : 'opened';
  for (const step of due.steps) {
    const reached = await contactsWithRole(q, row.partnerId, step.role);
    const detail = {
      planId: row.planId,
      timerMinute: due.timerMinute,
      minute,
      role: step.role,
      severity: row.severity,
    };
    if (reached.length === 0) {
      await appendEscalationEvent(q, ctx.clock, { escalationId: row.id, type: 'no_contacts', detail });
      continue;
    }
    for (const contact of reached) {
      const acknowledge = await issueEscalationLink(ctx, q, row.id, contact.id);
      const message = noticeMessage({
        kind,
        escalation: view,
        locale: contact.locale,
        minutes: minute,
        acknowledge,
      });
      if (step.channels === 'all') await notifyContact(ctx, q, contact, message);
      else
        await queueEmail(ctx, q, {
          partnerId: contact.partnerId,
          to: contact.email,
          locale: contact.locale,
          template: message.template,
          params: message.params,
        });
      await appendEscalationEvent(q, ctx.clock, {
        escalationId: row.id,
        type: 'notified',
        contactId: contact.id,
        detail: { ...detail, channels: step.channels, repeat: repeatIndex(step, minute) },
      });
    }
  }
}

/**
 * What a timer for `minute` sends: that minute's steps and, when it runs late (the workers were down), every step
 * that fell due since, each once and as of the latest of those minutes, so a backlog is one notice, not a burst.
 */
export function dueSteps(plan: readonly NotificationStep[], minute: number, elapsed: number) {
  const steps = new Set(stepsDueAt(plan, minute));
  let at = minute;
  for (let next = nextDueAfter(plan, at); next !== null && next <= elapsed; next = nextDueAfter(plan, next)) {
    at = next;
    for (const step of stepsDueAt(plan, next)) steps.add(step);
  }
  return { steps: [...steps], minute: at };
}

async function isRaisedPlan(q: Queryable, row: EscalationRow) {
  return (await findEscalationEvent(q, row.id, ['raised'], { planId: row.planId })) !== null;
}

/** The plan copied onto the timeline when it started, or null for a plan this row no longer has. */
async function planOf(q: Queryable, row: EscalationRow, planId: string) {
  if (row.planId !== planId) return null;
  const started = await findEscalationEvent(q, row.id, PLAN_EVENTS, { planId });
  return (started?.detail.plan as NotificationStep[] | undefined) ?? null;
}

/**
 * One timer of an escalation's plan, under its row lock: nothing once it is acknowledged, resolved or
 * suppressed, nor for a replaced plan (a raise started a new one), nor twice for one timer (a run repeated after
 * a crash finds its notices on the timeline). Then the next due minute is set.
 */
export function escalationNoticeJob(ctx: AppContext) {
  return defineJob<NoticeTimer>({
    name: 'health.escalation-notice',
    async handle({ escalationId, planId, minute }) {
      await ctx.db.transaction(async (tx) => {
        const row = await lockEscalationIfAny(tx, escalationId);
        if (row?.status !== 'open') return;
        const plan = await planOf(tx, row, planId);
        if (!plan) return;
        const marker = { planId, timerMinute: minute };
        // The run that recorded these notices also set the next timer, in the same transaction.
        if (await findEscalationEvent(tx, row.id, ['notified', 'no_contacts'], marker)) return;
        const elapsed = Math.floor((ctx.clock.now().getTime() - row.planStartedAt.getTime()) / MINUTE);
        const due = dueSteps(plan, minute, elapsed);
        await sendSteps(ctx, tx, row, { ...due, timerMinute: minute });
        const next = nextDueAfter(plan, due.minute);
        if (next !== null) await setNoticeTimer(ctx, tx, row, next);
      });
    },
  });
}

/**
 * Tells the partner the condition cleared: every contact the escalation reached, and the alert and technical
 * emergency contacts, once each, in their own language.
 */
export async function sendResolutionNotices(
  ctx: AppContext,
  q: Queryable,
  row: EscalationRow,
): Promise<void> {
  const notified = await q
    .selectDistinct({ contactId: healthEscalationEvents.contactId })
    .from(healthEscalationEvents)
    .where(
      and(
        eq(healthEscalationEvents.escalationId, row.id),
        eq(healthEscalationEvents.type, 'notified'),
        isNotNull(healthEscalationEvents.contactId),
      ),
    );
  const reachedIds = new Set(notified.map((n) => n.contactId));
  const everyone = await q.select().from(contacts).where(eq(contacts.partnerId, row.partnerId));
  const recipients = everyone.filter(
    (c) => reachedIds.has(c.id) || c.role === 'alert' || c.role === 'technical_emergency',
  );
  const view = await loadEscalationView(ctx, q, row.id);
  for (const contact of recipients) {
    await notifyContact(
      ctx,
      q,
      contact,
      noticeMessage({ kind: 'resolved', escalation: view, locale: contact.locale }),
    );
    await appendEscalationEvent(q, ctx.clock, {
      escalationId: row.id,
      type: 'resolution_sent',
      contactId: contact.id,
      detail: { role: contact.role },
    });
  }
}
