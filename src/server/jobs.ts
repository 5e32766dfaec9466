import { autoCloseJob } from './cases/auto-close.js';
import { slaAlertJob } from './cases/sla-jobs.js';
import type { AppContext } from './context.js';
import type { JobDefinition } from './lib/jobs.js';
import { sendNotificationJob } from './notifications/jobs.js';
import { resumeIntegrationJob, resumeReminderJob } from './partners/integration-jobs.js';
import { pruneJob } from './system/jobs.js';

/** Every job the worker can run; each domain contributes its definitions here. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds jobs of every payload type
export function allJobs(ctx: AppContext): JobDefinition<any>[] {
  return [
    pruneJob(ctx),
    sendNotificationJob(ctx),
    resumeIntegrationJob(ctx),
    resumeReminderJob(ctx),
    slaAlertJob(ctx),
    autoCloseJob(ctx),
  ];
}
