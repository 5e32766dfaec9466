import { and, asc, eq } from 'drizzle-orm';
import type { NotificationChannel, Urgency } from '../../shared/oncall.js';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { notificationRules, userWebhooks } from '../db/schema/index.js';
import { invalid } from '../lib/errors.js';
import { randomSecret } from '../lib/secrets.js';

export interface NotificationRule {
  urgency: Urgency;
  channel: NotificationChannel;
  delayMinutes: number;
}

/** What a user who never set rules gets: an email at once, whatever the urgency. */
export const DEFAULT_RULES: readonly NotificationRule[] = [
  { urgency: 'high', channel: 'email', delayMinutes: 0 },
  { urgency: 'low', channel: 'email', delayMinutes: 0 },
];

export async function rulesOf(q: Queryable, userId: string): Promise<NotificationRule[]> {
  const rows = await q
    .select({
      urgency: notificationRules.urgency,
      channel: notificationRules.channel,
      delayMinutes: notificationRules.delayMinutes,
    })
    .from(notificationRules)
    .where(eq(notificationRules.userId, userId))
    .orderBy(
      asc(notificationRules.urgency),
      asc(notificationRules.delayMinutes),
      asc(notificationRules.channel),
    );
  return rows.length > 0 ? rows : [...DEFAULT_RULES];
}

export async function webhookOf(q: Queryable, userId: string) {
  const [row] = await q.select().from(userWebhooks).where(eq(userWebhooks.userId, userId));
  return row ?? null;
}

/**
 * Replaces the user's rules. High urgency must reach them somehow (at least one rule), a rule on the webhook
 * channel needs a webhook, and the same channel twice at the same minute is one rule.
 */
export async function replaceRules(ctx: AppContext, userId: string, rules: NotificationRule[]) {
  if (!rules.some((r) => r.urgency === 'high'))
    throw invalid('rules', 'must notify you at least once for high urgency', 'too_few', { limit: 1 });
  const seen = new Set<string>();
  for (const [i, rule] of rules.entries()) {
    const key = `${rule.urgency}:${rule.channel}:${rule.delayMinutes}`;
    if (seen.has(key)) throw invalid(`rules.${i}`, 'repeats an earlier rule', 'duplicate_items');
    seen.add(key);
  }
  return ctx.db.transaction(async (tx) => {
    if (rules.some((r) => r.channel === 'webhook') && !(await webhookOf(tx, userId))) {
      const index = rules.findIndex((r) => r.channel === 'webhook');
      throw invalid(`rules.${index}.channel`, 'needs a webhook URL on your profile first', 'invalid');
    }
    await tx.delete(notificationRules).where(eq(notificationRules.userId, userId));
    const now = ctx.clock.now();
    await tx.insert(notificationRules).values(rules.map((r) => ({ ...r, userId, createdAt: now })));
    return rulesOf(tx, userId);
  });
}

/** The user's webhook as they see it, with the secret they verify signatures with. */
export async function getWebhook(ctx: AppContext, userId: string) {
  const row = await webhookOf(ctx.db, userId);
  return row ? { url: row.url, secret: row.secret } : null;
}

/** Sets the URL; the secret is made once and kept, so changing the URL does not break the receiver's check. */
export async function setWebhook(ctx: AppContext, userId: string, url: string) {
  const now = ctx.clock.now();
  await ctx.db
    .insert(userWebhooks)
    .values({ userId, url, secret: randomSecret(), updatedAt: now })
    .onConflictDoUpdate({ target: userWebhooks.userId, set: { url, updatedAt: now } });
  return getWebhook(ctx, userId);
}

/** Removes the webhook and the rules that used it; the user's other rules stay. */
export async function removeWebhook(ctx: AppContext, userId: string) {
  await ctx.db.transaction(async (tx) => {
    await tx
      .delete(notificationRules)
      .where(and(eq(notificationRules.userId, userId), eq(notificationRules.channel, 'webhook')));
    await tx.delete(userWebhooks).where(eq(userWebhooks.userId, userId));
  });
}
