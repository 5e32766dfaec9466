import type { User } from '../../api/types.js';

/** Policies and services are the on-call team's to change (every staff member reads them). */
export const canEditOncall = (user: User) => user.role === 'admin' || user.role === 'oncall_engineer';
