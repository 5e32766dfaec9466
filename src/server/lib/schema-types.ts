import { Type } from 'typebox';

/** A Date in the service, an ISO 8601 string on the wire (the serializer converts it). */
export const Timestamp = Type.Unsafe<Date>(Type.String({ format: 'date-time' }));
export const NullableTimestamp = Type.Unsafe<Date | null>(
  Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
);
