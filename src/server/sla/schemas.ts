import { type Static, Type } from 'typebox';
import {
  CASE_CATEGORIES,
  CASE_PRIORITIES,
  type CaseCategory,
  type CasePriority,
} from '../../shared/cases.js';
import { Text, Timestamp } from '../lib/schema-types.js';
import type { Weekday } from './calendar.js';
import { WEEKDAYS } from './weekly-hours.js';

/** More closures than this is a list nobody reads; import refuses to grow a calendar past it too. */
export const MAX_CLOSURES = 1000;
/** A year of minutes: any target beyond it is a typo. */
const MAX_MINUTES = 525_600;

const Id = Type.String({ format: 'uuid' });
const NullableId = Type.Union([Id, Type.Null()]);
const Name = Type.String({ minLength: 1, maxLength: 200 });
const WeekdaySchema = Type.Unsafe<Weekday>(Type.String({ enum: [...WEEKDAYS] }));
// Clock times are checked by validateCalendar (calendar.ts), which says what a valid one looks like.
const WeeklyIntervalSchema = Type.Object({
  day: WeekdaySchema,
  start: Type.String({ maxLength: 5, description: 'HH:MM local time, 00:00 to 23:59' }),
  end: Type.String({
    maxLength: 5,
    description: 'HH:MM local time; 24:00 for midnight, or earlier than start to run into the next day',
  }),
});
const HolidaysSchema = Type.Union([
  Type.Object({
    country: Type.String({
      pattern: '^[A-Za-z]{2}$',
      description: 'ISO 3166-1 alpha-2, as date-holidays knows it',
    }),
    region: Type.Optional(
      Type.String({ minLength: 1, maxLength: 20, description: 'a date-holidays state code: BY, 57' }),
    ),
  }),
  Type.Null(),
]);
const ClosureSchema = Type.Object({ date: Type.String({ format: 'date' }), name: Name });

export const CalendarBody = Type.Object(
  {
    name: Name,
    timeZone: Type.String({ minLength: 1, maxLength: 100, description: 'IANA zone: Europe/Berlin' }),
    weeklyHours: Type.Array(WeeklyIntervalSchema, { maxItems: 100 }),
    holidays: HolidaysSchema,
    closures: Type.Array(ClosureSchema, { maxItems: MAX_CLOSURES }),
  },
  { additionalProperties: false },
);
export type CalendarInput = Static<typeof CalendarBody>;

export const CalendarView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  timeZone: Type.String(),
  weeklyHours: Type.Array(WeeklyIntervalSchema),
  holidays: HolidaysSchema,
  closures: Type.Array(ClosureSchema),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CalendarParams = Type.Object({ calendarId: Id });
export const ClosedDaysQuery = Type.Object({
  year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2200, description: 'defaults to this year' })),
});
export const ClosedDaysView = Type.Array(Type.Object({ date: Type.String(), name: Type.String() }));

export const ImportClosuresBody = Type.Object(
  { ics: Text({ maxLength: 500_000 }) },
  { additionalProperties: false },
);
export const ImportClosuresView = Type.Object({ calendar: CalendarView, added: Type.Integer() });

const Minutes = Type.Integer({ minimum: 1, maximum: MAX_MINUTES });
const CategorySchema = Type.Unsafe<CaseCategory>(Type.String({ enum: [...CASE_CATEGORIES] }));
const PrioritySchema = Type.Unsafe<CasePriority>(Type.String({ enum: [...CASE_PRIORITIES] }));

export const PolicyBody = Type.Object(
  {
    name: Name,
    partnerId: Type.Optional(NullableId),
    category: Type.Optional(Type.Union([CategorySchema, Type.Null()])),
    priority: Type.Optional(Type.Union([PrioritySchema, Type.Null()])),
    calendarId: Type.Union([Id, Type.Null()], {
      description: 'null: the clocks run around the clock (24/7)',
    }),
    firstResponseMinutes: Minutes,
    resolutionMinutes: Minutes,
    warnBeforeMinutes: Type.Optional(Type.Union([Minutes, Type.Null()])),
  },
  { additionalProperties: false },
);
export type PolicyInput = Static<typeof PolicyBody>;

export const PolicyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  partnerId: Type.Union([Type.String(), Type.Null()]),
  category: Type.Union([CategorySchema, Type.Null()]),
  priority: Type.Union([PrioritySchema, Type.Null()]),
  calendarId: Type.Union([Type.String(), Type.Null()]),
  firstResponseMinutes: Type.Integer(),
  resolutionMinutes: Type.Integer(),
  warnBeforeMinutes: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const PolicyParams = Type.Object({ policyId: Id });
