import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PartnerStatus } from '../../../shared/partners.js';
import { api } from '../../api/client.js';
import type { Partner } from '../../api/types.js';

export const usePartners = () =>
  useQuery({ queryKey: ['partners'], queryFn: () => api<Partner[]>('GET', '/partners') });

export const usePartner = (partnerId: string) =>
  useQuery({
    queryKey: ['partners', partnerId],
    queryFn: () => api<Partner>('GET', `/partners/${partnerId}`),
  });

export function useCreatePartner() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; status: PartnerStatus }) => api<Partner>('POST', '/partners', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['partners'] }),
  });
}
