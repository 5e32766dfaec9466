import { describe, expect, it } from 'vitest';
import type { CaseCategory, CasePriority } from '../../shared/cases.js';
import { rankPolicies, specificity } from './policy-match.js';

interface Candidate {
  name: string;
  partnerId: string | null;
  category: CaseCategory | null;
  priority: CasePriority | null;
  createdAt: Date;
}
const policy = (
  name: string,
  fields: Partial<Candidate> = {},
  created = '2026-01-01T00:00:00Z',
): Candidate => ({
  name,
  partnerId: null,
  category: null,
  priority: null,
  createdAt: new Date(created),
  ...fields,
});
const subject = { partnerId: 'pizza', category: 'technical_support', priority: 'high' } as const;
const names = (policies: Candidate[]) => policies.map((p) => p.name);

describe('specificity', () => {
  it('weighs a partner 4, a category 2 and a priority 1', () => {
    expect(specificity(policy('default'))).toBe(0);
    expect(specificity(policy('p', { priority: 'high' }))).toBe(1);
    expect(specificity(policy('c', { category: 'technical_support' }))).toBe(2);
    expect(specificity(policy('pa', { partnerId: 'pizza' }))).toBe(4);
    expect(
      specificity(policy('all', { partnerId: 'pizza', category: 'technical_support', priority: 'high' })),
    ).toBe(7);
  });
});

describe('rankPolicies', () => {
  it('keeps only the policies whose every criterion the case meets, most specific first', () => {
    const ranked = rankPolicies(
      [
        policy('default'),
        policy('high', { priority: 'high' }),
        policy('low', { priority: 'low' }),
        policy('technical', { category: 'technical_support' }),
        policy('account', { category: 'account' }),
        policy('pizza', { partnerId: 'pizza' }),
        policy('burger', { partnerId: 'burger' }),
        policy('pizza low', { partnerId: 'pizza', priority: 'low' }),
        policy('technical high', { category: 'technical_support', priority: 'high' }),
      ],
      subject,
    );
    expect(names(ranked)).toEqual(['pizza', 'technical high', 'technical', 'high', 'default']);
  });

  it('puts the oldest first among policies as specific as each other', () => {
    const ranked = rankPolicies(
      [
        policy('newest', { priority: 'high' }, '2026-03-01T00:00:00Z'),
        policy('oldest', { priority: 'high' }, '2026-01-01T00:00:00Z'),
        policy('middle', { priority: 'high' }, '2026-02-01T00:00:00Z'),
      ],
      subject,
    );
    expect(names(ranked)).toEqual(['oldest', 'middle', 'newest']);
  });

  it('matches nothing when every policy asks for something else', () => {
    expect(rankPolicies([policy('burger', { partnerId: 'burger' })], subject)).toEqual([]);
  });
});
