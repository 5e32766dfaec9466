import { useTranslation } from 'react-i18next';
import type { User } from '../../api/types.js';
import { useStaffDirectory } from './queries.js';

export interface PersonOption {
  value: string;
  label: string;
}

/** Schedules, overrides and teams are the on-call team's to change; every staff member reads them. */
export const canEditOncall = (user: User) => user.role === 'admin' || user.role === 'oncall_engineer';

/**
 * The staff directory as pickers and labels use it: enabled colleagues to choose from, and a name for any id
 * (a disabled person keeps theirs on past shifts; an id nobody has shows a short form of itself).
 */
export function usePeople() {
  const { t } = useTranslation();
  const directory = useStaffDirectory();
  const people = directory.data ?? [];
  const options: PersonOption[] = people
    .filter((person) => !person.disabled)
    .map((person) => ({ value: person.id, label: person.name }));
  const nameOf = (id: string) =>
    people.find((person) => person.id === id)?.name ?? t('schedules.unknownPerson', { id: id.slice(0, 8) });
  return { options, nameOf, isLoading: directory.isLoading, error: directory.error };
}
