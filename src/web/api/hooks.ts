import { type QueryKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';

/** A GET through TanStack Query; the key is the path, so invalidating a path prefix refreshes its views. */
export function useApiQuery<T>(path: string | null) {
  return useQuery({
    queryKey: ['api', ...(path ?? '').split('/').filter(Boolean)],
    queryFn: () => api<T>('GET', path as string),
    enabled: path !== null,
  });
}

/** A write that refreshes every query under `invalidate` (a path prefix) when it succeeds. */
export function useApiMutation<Input, Output = unknown>(
  method: string | ((input: Input) => string),
  path: (input: Input) => string,
  body: (input: Input) => unknown,
  invalidate: string[],
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) =>
      api<Output>(typeof method === 'string' ? method : method(input), path(input), body(input)),
    onSuccess: async () => {
      for (const prefix of invalidate) {
        const key: QueryKey = ['api', ...prefix.split('/').filter(Boolean)];
        await queryClient.invalidateQueries({ queryKey: key });
      }
    },
  });
}
