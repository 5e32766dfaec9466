import type { AppContext } from '../../context.js';
import type { JobDefinition } from '../../lib/jobs.js';
import { autoDisableJob } from './integration.js';
import { escalationNoticeJob } from './notices.js';

/** The escalation notification timers, and the hard-down auto-disable. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds jobs of every payload type
export function escalationJobs(ctx: AppContext): JobDefinition<any>[] {
  return [escalationNoticeJob(ctx), autoDisableJob(ctx)];
}
