import { client } from '../../api/client.js';
import { useApiMutation, useApiQuery } from '../../api/hooks.js';
import type { ScheduleInput, TeamInput } from './types.js';

const path = (scheduleId: string) => ({ params: { path: { scheduleId } } });

export const useSchedules = () => useApiQuery('/schedules', () => client.GET('/api/v1/schedules'));

export const useSchedule = (scheduleId: string) =>
  useApiQuery(`/schedules/${scheduleId}`, () =>
    client.GET('/api/v1/schedules/{scheduleId}', path(scheduleId)),
  );

/** The final schedule between two instants: who is on call, and from which layer or an override. */
export const useTimeline = (scheduleId: string, from: string, to: string) =>
  useApiQuery(`/schedules/${scheduleId}/timeline?from=${from}&to=${to}`, () =>
    client.GET('/api/v1/schedules/{scheduleId}/timeline', {
      params: { path: { scheduleId }, query: { from, to } },
    }),
  );

export const useOnCallNow = (scheduleId: string) =>
  useApiQuery(`/schedules/${scheduleId}/oncall`, () =>
    client.GET('/api/v1/schedules/{scheduleId}/oncall', path(scheduleId)),
  );

/** Creates a schedule, or edits the one `scheduleId` names (from now on: the past keeps its layers). */
export const useSaveSchedule = () =>
  useApiMutation(
    ({ scheduleId, body }: { scheduleId?: string; body: ScheduleInput }) =>
      scheduleId
        ? client.PUT('/api/v1/schedules/{scheduleId}', { ...path(scheduleId), body })
        : client.POST('/api/v1/schedules', { body }),
    ['/schedules'],
  );

export const useDeleteSchedule = () =>
  useApiMutation(
    (scheduleId: string) => client.DELETE('/api/v1/schedules/{scheduleId}', path(scheduleId)),
    ['/schedules'],
  );

// An override changes the schedule's view, its timeline and who is on call: all under /schedules/<id>.
export const useAddOverride = (scheduleId: string) =>
  useApiMutation(
    (body: { userId: string; start: string; end: string }) =>
      client.POST('/api/v1/schedules/{scheduleId}/overrides', { ...path(scheduleId), body }),
    [`/schedules/${scheduleId}`],
  );

export const useRemoveOverride = (scheduleId: string) =>
  useApiMutation(
    (overrideId: string) =>
      client.DELETE('/api/v1/schedules/{scheduleId}/overrides/{overrideId}', {
        params: { path: { scheduleId, overrideId } },
      }),
    [`/schedules/${scheduleId}`],
  );

export const useTeams = () => useApiQuery('/teams', () => client.GET('/api/v1/teams'));

export const useSaveTeam = () =>
  useApiMutation(
    ({ teamId, body }: { teamId?: string; body: TeamInput }) =>
      teamId
        ? client.PUT('/api/v1/teams/{teamId}', { params: { path: { teamId } }, body })
        : client.POST('/api/v1/teams', { body }),
    ['/teams'],
  );

export const useDeleteTeam = () =>
  useApiMutation(
    (teamId: string) => client.DELETE('/api/v1/teams/{teamId}', { params: { path: { teamId } } }),
    ['/teams'],
  );

export const useStaffDirectory = () =>
  useApiQuery('/staff-directory', () => client.GET('/api/v1/staff-directory'));
