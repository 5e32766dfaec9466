import { type QueryKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dataOf } from './client.js';

/** The cache key of a path: its segments, then the query string, so invalidating a path prefix covers filtered views. */
function keyOf(path: string): QueryKey {
  const [pathname = '', search] = path.split('?');
  return ['api', ...pathname.split('/').filter(Boolean), ...(search ? [search] : [])];
}

/**
 * A GET through TanStack Query, cached under `key` (the path below /api/v1 it reads, filled in) so
 * invalidating a path prefix refreshes every view under it; null waits.
 * `useApiQuery(`/partners/${id}`, () => client.GET('/api/v1/partners/{partnerId}', …))`
 */
export function useApiQuery<T>(key: string | null, request: () => Promise<{ data?: T }>) {
  return useQuery({
    queryKey: keyOf(key ?? ''),
    queryFn: () => dataOf(request()),
    enabled: key !== null,
  });
}

/** A write that refreshes every query under `invalidate` (path prefixes, as in useApiQuery) when it succeeds. */
export function useApiMutation<Input, Output = unknown>(
  request: (input: Input) => Promise<{ data?: Output }>,
  invalidate: string[],
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) => dataOf(request(input)),
    onSuccess: async () => {
      for (const prefix of invalidate) await queryClient.invalidateQueries({ queryKey: keyOf(prefix) });
    },
  });
}
