import { beforeAll } from 'vitest';
import { type Agent, signedInUser } from './factories.js';
import type { TestApp } from './test-app.js';

export interface OncallPeople {
  admin: Agent;
  ana: Agent;
  ben: Agent;
}

/**
 * Registers, for the enclosing describe, a platform admin (Ada Admin) and two on-call engineers (Ana and Ben
 * Engineer) signed in with the clock at `now`; the returned object is filled before the tests run.
 */
export function useOncallPeople(t: TestApp, now: string): OncallPeople {
  const people = {} as OncallPeople;
  beforeAll(async () => {
    t.clock.set(now);
    people.admin = await signedInUser(t, { role: 'admin', name: 'Ada Admin' });
    people.ana = await signedInUser(t, { role: 'oncall_engineer', name: 'Ana Engineer' });
    people.ben = await signedInUser(t, { role: 'oncall_engineer', name: 'Ben Engineer' });
  });
  return people;
}
