import { useApiMutation, useApiQuery } from '../../api/hooks.js';
import type { Job } from '../../api/types.js';

export const useJobs = (failedOnly: boolean) =>
  useApiQuery<Job[]>(failedOnly ? '/jobs?status=failed' : '/jobs');

export const useRetryJob = () =>
  useApiMutation<number, Job>(
    'POST',
    (jobId) => `/jobs/${jobId}/retry`,
    () => undefined,
    ['/jobs'],
  );
