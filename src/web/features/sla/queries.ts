import { client } from '../../api/client.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';
import type { CalendarInput, PolicyInput } from '../../api/types.js';

/*
 * Calendars and policies decide every open case's due dates, and the server resyncs those cases when either
 * changes; a write therefore refreshes the cases the viewer has loaded too.
 */
const CALENDARS = ['/business-calendars', '/sla-policies', '/cases'];
const POLICIES = ['/sla-policies', '/cases'];

export const useCalendars = () =>
  useApiQuery('/business-calendars', () => client.GET('/api/v1/business-calendars'));

/** Creates a calendar, or replaces the one `calendarId` names. */
export const useSaveCalendar = () =>
  useApiMutation(
    ({ calendarId, body }: { calendarId?: string; body: CalendarInput }) =>
      calendarId
        ? client.PUT('/api/v1/business-calendars/{calendarId}', { params: { path: { calendarId } }, body })
        : client.POST('/api/v1/business-calendars', { body }),
    CALENDARS,
  );

export const useDeleteCalendar = () =>
  useApiMutation(
    (calendarId: string) =>
      client.DELETE('/api/v1/business-calendars/{calendarId}', { params: { path: { calendarId } } }),
    CALENDARS,
  );

/** The days the calendar is closed in `year` (public holidays and closures), as saved; null waits. */
export const useClosedDays = (calendarId: string, year: number | null) =>
  useApiQuery(year === null ? null : `/business-calendars/${calendarId}/closed-days?year=${year}`, () =>
    client.GET('/api/v1/business-calendars/{calendarId}/closed-days', {
      params: { path: { calendarId }, query: { year: year ?? undefined } },
    }),
  );

/** Adds the all-day events of an iCalendar file as closures; answers with the calendar and how many were new. */
export const useImportClosures = (calendarId: string) =>
  useApiMutation(
    (ics: string) =>
      client.POST('/api/v1/business-calendars/{calendarId}/closures/import', {
        params: { path: { calendarId } },
        body: { ics },
      }),
    CALENDARS,
  );

export const usePolicies = () => useApiQuery('/sla-policies', () => client.GET('/api/v1/sla-policies'));

/** Creates a policy, or replaces the one `policyId` names. */
export const useSavePolicy = () =>
  useApiMutation(
    ({ policyId, body }: { policyId?: string; body: PolicyInput }) =>
      policyId
        ? client.PUT('/api/v1/sla-policies/{policyId}', { params: { path: { policyId } }, body })
        : client.POST('/api/v1/sla-policies', { body }),
    POLICIES,
  );

export const useDeletePolicy = () =>
  useApiMutation(
    (policyId: string) =>
      client.DELETE('/api/v1/sla-policies/{policyId}', { params: { path: { policyId } } }),
    POLICIES,
  );
