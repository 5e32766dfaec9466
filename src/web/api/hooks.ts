import { type QueryKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';

/** The cache key of a path: its segments, then the query string, so invalidating a path prefix covers filtered views. */
function keyOf(path: string): QueryKey {
  const [pathname = '', search] = path.split('?');
  return ['api', ...pathname.split('/').filter(Boolean), ...(search ? [search] : [])];
}

/** A GET through TanStack Query; invalidating a path prefix refreshes every view under it. */
export function useApiQuery<T>(path: string | null) {
  return useQuery({
    queryKey: keyOf(path ?? ''),
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
      for (const prefix of invalidate) await queryClient.invalidateQueries({ queryKey: keyOf(prefix) });
    },
  });
}
