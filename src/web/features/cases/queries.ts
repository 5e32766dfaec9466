import type { CaseCategory, UrgentCriterion } from '../../../shared/cases.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';
import type { Case, CaseDetail } from '../../api/types.js';

export interface NewCaseInput {
  category: CaseCategory;
  subject: string;
  description: string;
  urgentCriterion: UrgentCriterion | null;
}

export const usePartnerCases = (partnerId: string) => useApiQuery<Case[]>(`/partners/${partnerId}/cases`);
export const useCase = (partnerId: string | null, caseId: string) =>
  useApiQuery<CaseDetail>(partnerId ? `/partners/${partnerId}/cases/${caseId}` : null);
export const useAssignedCases = (enabled: boolean) =>
  useApiQuery<{ case: Case; partnerName: string }[]>(enabled ? '/cases/assigned' : null);

export const useOpenCase = (partnerId: string) =>
  useApiMutation<NewCaseInput, Case>(
    'POST',
    () => `/partners/${partnerId}/cases`,
    (input) => input,
    [`/partners/${partnerId}/cases`],
  );
export const useComment = (partnerId: string, caseId: string) =>
  useApiMutation<string>(
    'POST',
    () => `/partners/${partnerId}/cases/${caseId}/comments`,
    (body) => ({ body }),
    [`/partners/${partnerId}/cases`],
  );
