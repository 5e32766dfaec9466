import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { Job } from '../../api/types.js';

export const useJobs = (failedOnly: boolean) =>
  useQuery({
    queryKey: ['jobs', failedOnly],
    queryFn: () => api<Job[]>('GET', failedOnly ? '/jobs?status=failed' : '/jobs'),
  });

export function useRetryJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (jobId: number) => api<Job>('POST', `/jobs/${jobId}/retry`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['jobs'] }),
  });
}
