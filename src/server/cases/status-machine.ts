import { type CaseStatus, STAFF_STATUS_MOVES as STAFF_MOVES } from '../../shared/cases.js';

/** Why a move is refused, or null when it is allowed. */
export function refuseStatusChange(from: CaseStatus, to: CaseStatus): string | null {
  if (from === to) return `the case is already ${to}`;
  if (from === 'closed') return 'a closed case is final; open a follow-up case instead';
  if (from === 'triage') return 'a case in triage leaves it by a triage decision (confirm or downgrade)';
  if (to === 'triage') return 'a case cannot go back to triage; confirm it as urgent instead';
  if (STAFF_MOVES[from].includes(to)) return null;
  const allowed = STAFF_MOVES[from].join(' or ');
  return `a case ${from} can move to ${allowed}, not to ${to}`;
}

/** A partner's reply on a case that waits on them or was resolved puts it back in the queue. */
export function reopenOnPartnerReply(status: CaseStatus): CaseStatus | null {
  return status === 'waiting_on_partner' || status === 'resolved' ? 'open' : null;
}

/** Cases that count as in progress for the partner's "open cases" and the similar-case check. */
export const UNFINISHED_STATUSES: readonly CaseStatus[] = [
  'triage',
  'open',
  'in_progress',
  'waiting_on_partner',
];
