import type { AppContext } from '../../context.js';
import type { JobDefinition } from '../../lib/jobs.js';

/** The escalation notification timers. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds jobs of every payload type
export function escalationJobs(_ctx: AppContext): JobDefinition<any>[] {
  return [];
}
