import { describe, expect, it } from 'vitest';
import { emptyCallStats } from './buckets.js';
import { callWindowOf } from './windows.js';

const T = Date.parse('2027-03-01T10:00:00Z');
const bucket = (minutesAgo: number, ok: number) => ({
  ...emptyCallStats(),
  okCount: ok,
  minute: new Date(T - minutesAgo * 60_000),
});

describe('callWindowOf', () => {
  const buckets = [bucket(0, 1), bucket(4, 10), bucket(5, 100), bucket(-1, 1000)];

  it('sums the m minute buckets ending with the one now falls in, that partial minute included', () => {
    const window = callWindowOf(buckets, T + 30_000);
    expect(window(1).okCount).toBe(1);
    expect(window(5).okCount).toBe(11);
    expect(window(6).okCount).toBe(111);
  });

  it('is empty where there are no buckets', () => {
    expect(callWindowOf([], T)(60)).toEqual(emptyCallStats());
  });
});
