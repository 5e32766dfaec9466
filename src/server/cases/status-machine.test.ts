import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, type CaseStatus } from '../../shared/cases.js';
import { refuseStatusChange, reopenOnPartnerReply } from './status-machine.js';

/** Every move staff may make by hand; everything else is refused with a reason. */
const ALLOWED: [CaseStatus, CaseStatus][] = [
  ['open', 'in_progress'],
  ['in_progress', 'waiting_on_partner'],
  ['in_progress', 'resolved'],
  ['waiting_on_partner', 'in_progress'],
  ['waiting_on_partner', 'resolved'],
  ['resolved', 'open'],
  ['resolved', 'closed'],
];

describe('refuseStatusChange', () => {
  it('allows exactly the moves of the table', () => {
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        const allowed = ALLOWED.some(([a, b]) => a === from && b === to);
        expect(refuseStatusChange(from, to) === null, `${from} → ${to}`).toBe(allowed);
      }
    }
  });

  it('says why a move is refused', () => {
    expect(refuseStatusChange('closed', 'open')).toBe(
      'a closed case is final; open a follow-up case instead',
    );
    expect(refuseStatusChange('triage', 'open')).toMatch(/triage decision/);
    expect(refuseStatusChange('open', 'resolved')).toBe(
      'a case open can move to in_progress, not to resolved',
    );
    expect(refuseStatusChange('open', 'open')).toBe('the case is already open');
  });
});

describe('reopenOnPartnerReply', () => {
  it('reopens only cases waiting on the partner or resolved', () => {
    expect(CASE_STATUSES.map((status) => reopenOnPartnerReply(status))).toEqual([
      null,
      null,
      null,
      'open',
      'open',
      null,
    ]);
  });
});
