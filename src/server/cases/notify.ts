import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { CaseQueue } from '../../shared/cases.js';
import type { StaffRole } from '../../shared/roles.js';
import { type AppContext, appUrl } from '../context.js';
import type { Queryable } from '../db/client.js';
import { caseSubscribers, type cases, partners, users } from '../db/schema/index.js';
import { queueEmail } from '../notifications/service.js';
import { formatMoment, type TemplateName, type TemplateParams } from '../notifications/templates.js';
import type { Recipient } from '../partners/recipients.js';

type CaseRow = typeof cases.$inferSelect;

/** Staff who work a queue when a case in it has nobody assigned. */
const QUEUE_ROLES: Record<CaseQueue, StaffRole[]> = {
  partner_support: ['support_agent'],
  oncall_engineering: ['oncall_engineer'],
  consultants: ['consultant'],
};

const recipientColumns = { id: users.id, email: users.email, name: users.name, locale: users.locale };

async function enabledUsers(q: Queryable, where: ReturnType<typeof and>) {
  return q
    .select(recipientColumns)
    .from(users)
    .where(and(where, isNull(users.disabledAt)));
}

/** The partner's side of a case: who filed it and who subscribed, once each, never staff. */
export async function partnerRecipients(q: Queryable, row: CaseRow): Promise<Recipient[]> {
  const subscriberIds = (
    await q
      .select({ id: caseSubscribers.userId })
      .from(caseSubscribers)
      .where(eq(caseSubscribers.caseId, row.id))
  ).map((s) => s.id);
  const ids = [...new Set([row.createdByUserId, ...subscriberIds].filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return [];
  // Only members of the case's partner: an internal note must never reach a partner's inbox by way of a staff
  // subscriber, and partner mail must never go to staff by mistake either.
  return enabledUsers(q, and(inArray(users.id, ids), eq(users.partnerId, row.partnerId)));
}

/** The assignee, else everyone working the case's queue, else the platform admins: never no one. */
export async function staffRecipients(q: Queryable, row: CaseRow): Promise<Recipient[]> {
  if (row.assigneeUserId) {
    const assignee = await enabledUsers(q, eq(users.id, row.assigneeUserId));
    if (assignee.length > 0) return assignee;
  }
  const queue = await enabledUsers(q, inArray(users.role, QUEUE_ROLES[row.queue]));
  return queue.length > 0 ? queue : enabledUsers(q, eq(users.role, 'admin'));
}

export function staffWithRoles(q: Queryable, roles: StaffRole[]): Promise<Recipient[]> {
  return enabledUsers(q, inArray(users.role, roles));
}

/** Sends one template to each recipient in their language, with the case's common parameters filled in. */
export async function mailAboutCase(
  ctx: AppContext,
  q: Queryable,
  row: CaseRow,
  recipients: readonly Recipient[],
  template: TemplateName,
  params: TemplateParams | ((recipient: Recipient) => TemplateParams) = {},
): Promise<void> {
  const [partner] = await q
    .select({ name: partners.name })
    .from(partners)
    .where(eq(partners.id, row.partnerId));
  for (const recipient of recipients) {
    const extra = typeof params === 'function' ? params(recipient) : params;
    await queueEmail(ctx, q, {
      partnerId: row.partnerId,
      to: recipient.email,
      locale: recipient.locale,
      template,
      params: {
        number: String(row.number),
        subject: row.subject,
        partner: partner?.name ?? '',
        link: appUrl(ctx, `/cases/${row.id}`),
        ...extra,
      },
    });
  }
}

export const dueParam = (recipient: Recipient, due: Date | null) => ({
  due: formatMoment(recipient.locale, due),
});
