import type { BodyOf, ResponseOf } from '../../api/types.js';

/** The on-call shapes the schedule and team pages use, read off the generated API types. */
export type Schedule = ResponseOf<'/api/v1/schedules/{scheduleId}', 'get'>;
export type ScheduleInput = BodyOf<'/api/v1/schedules', 'post'>;
export type LayerInput = ScheduleInput['layers'][number];
export type RestrictionInput = NonNullable<LayerInput['restrictions']>[number];
export type Override = Schedule['overrides'][number];
export type Shift = ResponseOf<'/api/v1/schedules/{scheduleId}/timeline', 'get'>[number];
export type OnCallPerson = ResponseOf<'/api/v1/schedules/{scheduleId}/oncall', 'get'>['users'][number];
export type Team = ResponseOf<'/api/v1/teams/{teamId}', 'get'>;
export type TeamInput = BodyOf<'/api/v1/teams', 'post'>;
export type StaffPerson = ResponseOf<'/api/v1/staff-directory', 'get'>[number];
