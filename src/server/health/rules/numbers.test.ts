import { describe, expect, it } from 'vitest';
import { atLeast, rounded, topErrorTypes } from './numbers.js';

describe('atLeast', () => {
  it('meets a threshold at its figure despite binary rounding, and not a hair below', () => {
    expect(144 / 1000 / (1 - 0.99) >= 14.4).toBe(false); // why the tolerance exists
    expect(atLeast(144 / 1000 / (1 - 0.99), 14.4)).toBe(true);
    expect(atLeast(14.4, 14.4)).toBe(true);
    expect(atLeast(14.39, 14.4)).toBe(false);
    expect(atLeast(-2, -2)).toBe(true);
    expect(atLeast(-2.001, -2)).toBe(false);
  });
});

describe('rounded', () => {
  it('keeps four decimals', () => {
    expect(rounded(0.123456)).toBe(0.1235);
    expect(rounded(14.4)).toBe(14.4);
  });
});

describe('topErrorTypes', () => {
  it('lists the most frequent first, ties by name, without zero counts, at most `count`', () => {
    const errorTypes = { TIMEOUT: 3, CLOSED: 5, NO_CAPACITY: 3, INVALID: 0, HTTP_500: 1, PRICE_CHANGED: 3 };
    expect(topErrorTypes({ errorTypes })).toEqual([
      { type: 'CLOSED', count: 5 },
      { type: 'NO_CAPACITY', count: 3 },
      { type: 'PRICE_CHANGED', count: 3 },
      { type: 'TIMEOUT', count: 3 },
      { type: 'HTTP_500', count: 1 },
    ]);
    expect(topErrorTypes({ errorTypes }, 2)).toEqual([
      { type: 'CLOSED', count: 5 },
      { type: 'NO_CAPACITY', count: 3 },
    ]);
    expect(topErrorTypes({ errorTypes: { INVALID: 0, CLOSED: 2 } })).toEqual([{ type: 'CLOSED', count: 2 }]);
    // Names in reverse order tie the same way.
    expect(topErrorTypes({ errorTypes: { B: 1, A: 1 } })).toEqual([
      { type: 'A', count: 1 },
      { type: 'B', count: 1 },
    ]);
    expect(topErrorTypes({ errorTypes: {} })).toEqual([]);
  });
});
