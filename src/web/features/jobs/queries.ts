import { client } from '../../api/client.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';

export const useJobs = (failedOnly: boolean) =>
  useApiQuery(failedOnly ? '/jobs?status=failed' : '/jobs', () =>
    client.GET('/api/v1/jobs', { params: { query: failedOnly ? { status: 'failed' } : {} } }),
  );

export const useRetryJob = () =>
  useApiMutation(
    (jobId: number) => client.POST('/api/v1/jobs/{jobId}/retry', { params: { path: { jobId } } }),
    ['/jobs'],
  );
