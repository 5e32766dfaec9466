import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { notifications } from '../db/schema/index.js';
import { defineJob } from '../lib/jobs.js';

const MAX_ATTEMPTS = 6;

/** Delivers one queued notification; a no-op if it already went out, so a repeated run never sends twice. */
export function sendNotificationJob(ctx: AppContext) {
  return defineJob<{ notificationId: number }>({
    name: 'notifications.send',
    maxAttempts: MAX_ATTEMPTS,
    async handle({ notificationId }, { attempt, clock }) {
      const [message] = await ctx.db.select().from(notifications).where(eq(notifications.id, notificationId));
      if (message?.status !== 'queued') return;
      if (!ctx.mailer) {
        await ctx.db
          .update(notifications)
          .set({ status: 'kept' })
          .where(eq(notifications.id, notificationId));
        return;
      }
      try {
        await ctx.mailer.send({
          from: ctx.config.mailFrom,
          to: message.recipient,
          subject: message.subject,
          text: message.body,
        });
      } catch (error) {
        const lastError = error instanceof Error ? error.message : String(error);
        const status = attempt >= MAX_ATTEMPTS ? 'failed' : 'queued';
        await ctx.db
          .update(notifications)
          .set({ status, attempts: attempt, lastError })
          .where(eq(notifications.id, notificationId));
        throw error;
      }
      await ctx.db
        .update(notifications)
        .set({ status: 'sent', attempts: attempt, sentAt: clock.now(), lastError: null })
        .where(eq(notifications.id, notificationId));
    },
  });
}
