import { eq } from 'drizzle-orm';
import { type AppContext, appUrl } from '../context.js';
import type { Queryable } from '../db/client.js';
import { partners } from '../db/schema/index.js';
import { defineJob } from '../lib/jobs.js';
import { queueEmail } from '../notifications/service.js';
import { formatMoment } from '../notifications/templates.js';
import { resumeIntegration } from './integration.js';
import { integrationRecipients } from './recipients.js';

interface ScheduledResume {
  partnerId: string;
  /** The pause this job belongs to; if the partner has paused again since, the run is stale and does nothing. */
  pausedUntil: string;
}

type Partner = typeof partners.$inferSelect;

async function findPartner(q: Queryable, partnerId: string): Promise<Partner | undefined> {
  const [partner] = await q.select().from(partners).where(eq(partners.id, partnerId));
  return partner;
}

/** Whether the partner still exists and is paused until the end this job was scheduled for. */
function stillPausedUntil(partner: Partner | undefined, payload: ScheduledResume): partner is Partner {
  return partner?.integrationState === 'paused' && partner.pausedUntil?.toISOString() === payload.pausedUntil;
}

export function resumeIntegrationJob(ctx: AppContext) {
  return defineJob<ScheduledResume>({
    name: 'integration.resume',
    async handle(payload) {
      if (!stillPausedUntil(await findPartner(ctx.db, payload.partnerId), payload)) return;
      await resumeIntegration(ctx, null, payload.partnerId);
    },
  });
}

export function resumeReminderJob(ctx: AppContext) {
  return defineJob<ScheduledResume>({
    name: 'integration.resume-reminder',
    async handle(payload) {
      await ctx.db.transaction(async (tx) => {
        const partner = await findPartner(tx, payload.partnerId);
        if (!stillPausedUntil(partner, payload)) return;
        for (const recipient of await integrationRecipients(tx, partner.id)) {
          await queueEmail(ctx, tx, {
            partnerId: partner.id,
            to: recipient.email,
            locale: recipient.locale,
            template: 'integration_resume_reminder',
            params: {
              partner: partner.name,
              until: formatMoment(recipient.locale, new Date(payload.pausedUntil)),
              link: appUrl(ctx, '/account'),
            },
          });
        }
      });
    },
  });
}
