import { isStaffRole, type StaffRole } from '../../shared/roles.js';
import type { Actor } from '../auth/actor.js';
import type { CommentAuthorKind } from '../db/schema/index.js';
import { AppError, forbidden } from '../lib/errors.js';

export function isStaff(actor: Actor): boolean {
  return actor.kind === 'user' && isStaffRole(actor.user.role);
}

/** Staff-only moves on a partner's case (PATCH, internal notes): partners and their tokens get a 403. */
export function requireStaff(actor: Actor, what: string): void {
  if (!isStaff(actor)) throw forbidden(`only partner support staff can ${what}`);
}

const TRIAGERS: readonly StaffRole[] = ['triage', 'admin'];

export function requireTriager(actor: Actor): void {
  if (actor.kind !== 'user' || !TRIAGERS.includes(actor.user.role as StaffRole))
    throw forbidden('only triage and platform admins can triage cases');
}

export function authorKindOf(actor: Actor | null): CommentAuthorKind {
  if (!actor) return 'system';
  return isStaff(actor) ? 'staff' : 'partner';
}

/** A field only staff may set: 403, naming the field. */
export const staffOnlyField = (field: string, message: string) =>
  new AppError('forbidden', `${field}: ${message}`, { field });
