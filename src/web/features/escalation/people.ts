import { useTranslation } from 'react-i18next';
import { useSchedules, useStaffDirectory } from './queries.js';

export interface Option {
  value: string;
  label: string;
}

/**
 * Who a page or a policy level can reach: enabled staff and schedules, as select options, and a name for any
 * id (a disabled person keeps theirs; an id nobody has shows a short form of itself).
 */
export function usePagingTargets() {
  const { t } = useTranslation();
  const directory = useStaffDirectory();
  const schedules = useSchedules();
  const people = directory.data ?? [];
  const users: Option[] = people
    .filter((person) => !person.disabled)
    .map((person) => ({ value: person.id, label: `${person.name} (${t(`roles.${person.role}`)})` }));
  const scheduleOptions: Option[] = (schedules.data ?? []).map((s) => ({ value: s.id, label: s.name }));
  const nameOf = (type: string, id: string) =>
    (type === 'schedule'
      ? scheduleOptions.find((option) => option.value === id)?.label
      : people.find((person) => person.id === id)?.name) ??
    t('escalation.unknownTarget', { id: id.slice(0, 8) });
  return {
    users,
    schedules: scheduleOptions,
    nameOf,
    isLoading: directory.isLoading || schedules.isLoading,
    error: directory.error ?? schedules.error,
  };
}
