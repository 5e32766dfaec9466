import type { AppContext } from '../context.js';
import type { JobDefinition } from '../lib/jobs.js';
import { escalationJobs } from './escalations/jobs.js';
import { healthEvaluationJob, scheduleHealthEvaluation } from './evaluate/jobs.js';
import { healthPartitionsJob, scheduleHealthPartitions } from './partition-jobs.js';
import { healthRollupJob, scheduleHealthRollup } from './rollup-job.js';

/** Every partner-health job: retention, hourly roll-up, evaluation, escalation notices. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds jobs of every payload type
export function healthJobs(ctx: AppContext): JobDefinition<any>[] {
  return [healthPartitionsJob(ctx), healthRollupJob(ctx), healthEvaluationJob(ctx), ...escalationJobs(ctx)];
}

/** At start: the recurring health jobs (retention, roll-up, evaluation), each once however many instances start. */
export async function scheduleHealthJobs(ctx: AppContext): Promise<void> {
  await scheduleHealthPartitions(ctx);
  await scheduleHealthRollup(ctx);
  await scheduleHealthEvaluation(ctx);
}
