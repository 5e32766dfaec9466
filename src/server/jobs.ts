import { autoCloseJob } from './cases/auto-close.js';
import { slaAlertJob } from './cases/sla-jobs.js';
import { URGENT_CONFIRMED } from './cases/triage.js';
import type { AppContext } from './context.js';
import { healthJobs } from './health/jobs.js';
import { deliverDomainEventJob } from './lib/domain-events.js';
import type { JobDefinition } from './lib/jobs.js';
import { sendNotificationJob } from './notifications/jobs.js';
import { ackTimeoutJob, escalationStepJob } from './pages/escalation.js';
import { delayedNoticeJob } from './pages/notify.js';
import { pageUrgentCase } from './pages/urgent-cases.js';
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
    deliverDomainEventJob(ctx.db, ctx.clock, { [URGENT_CONFIRMED]: pageUrgentCase(ctx) }),
    escalationStepJob(ctx),
    ackTimeoutJob(ctx),
    delayedNoticeJob(ctx),
    ...healthJobs(ctx),
  ];
}
