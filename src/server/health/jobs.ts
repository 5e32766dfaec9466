import type { AppContext } from '../context.js';
import type { JobDefinition } from '../lib/jobs.js';
import { escalationJobs } from './escalations/jobs.js';
import { healthEvaluationJob } from './evaluate/jobs.js';
import { healthPartitionsJob } from './partition-jobs.js';

/** Every partner-health job: retention, evaluation, escalation notices. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds jobs of every payload type
export function healthJobs(ctx: AppContext): JobDefinition<any>[] {
  return [healthPartitionsJob(ctx), healthEvaluationJob(ctx), ...escalationJobs(ctx)];
}
