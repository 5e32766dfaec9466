import { Type } from 'typebox';

/** A Date in the service, an ISO 8601 string on the wire (the serializer converts it). */
export const Timestamp = Type.Unsafe<Date>(Type.String({ format: 'date-time' }));
export const NullableTimestamp = Type.Unsafe<Date | null>(
  Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
);

/**
 * Body strings are trimmed, single-line text by default (lib/validation.ts); these opt out.
 * Text: prose that may span lines (descriptions, comments). Secret: taken byte for byte (passwords).
 */
export const Text = (options: { minLength?: number; maxLength: number }) =>
  Type.String({ minLength: 1, ...options, singleLine: false });
export const Secret = (options: { minLength?: number; maxLength: number }) =>
  Type.String({ ...options, trim: false, singleLine: false });

/** One of a fixed list of strings, typed as their union (an `enum` keyword, so a refusal lists what is allowed). */
export const oneOf = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>(Type.String({ enum: [...values] }));
