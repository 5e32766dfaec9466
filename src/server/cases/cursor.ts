import { invalid } from '../lib/errors.js';

type Key = string | number | null;

/** An opaque position in a list: the sort key of the last item seen, so the next page starts after it. */
export function encodeCursor(key: Key[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key a cursor holds; a cursor that was not made by encodeCursor with `length` parts is a 400. */
export function decodeCursor(cursor: string, length: number): Key[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(key) &&
      key.length === length &&
      key.every((part) => part === null || typeof part === 'string' || typeof part === 'number')
    )
      return key as Key[];
  } catch {}
  throw invalid('cursor', 'is not a cursor this list gave out', 'invalid_format');
}
